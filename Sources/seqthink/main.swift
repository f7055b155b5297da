import SeqThinkCLI
import Glibc

// Temporary dispatch of the age verbs (the lead replaces this file when merging).
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "keygen": exit(AgeVerbs.keygen(Array(arguments.dropFirst())))
case "encrypt": exit(AgeVerbs.encrypt(Array(arguments.dropFirst())))
case "decrypt": exit(AgeVerbs.decrypt(Array(arguments.dropFirst())))
case "bench-age": exit(AgeVerbs.benchAge(Array(arguments.dropFirst())))
default: print("seqthink: not yet wired")
}
