import SeqThinkCLI
import Foundation

let status = await SeqThinkCommand.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
