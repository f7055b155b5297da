import Testing
@testable import SeqThinkCLI
@testable import SeqThinkServer

@Suite struct ServeFlagsTests {
    @Test func mapsFlagsToVariables() throws {
        let flags = try ServeVerb.flags(from: ["--port", "9000", "--max-body-mb=8", "--access-log"])
        #expect(flags == ["PORT": "9000", "MAX_BODY_MB": "8", "ACCESS_LOG": "true"])
    }

    @Test func unknownFlagAndStrayWordsAreErrors() {
        #expect(throws: ConfigurationError.unknownFlag("--prot")) { try ServeVerb.flags(from: ["--prot", "1"]) }
        #expect(throws: ConfigurationError.unknownFlag("extra")) { try ServeVerb.flags(from: ["extra"]) }
    }

    @Test func helpListsEveryVariable() {
        for setting in Setting.all {
            #expect(ServeVerb.help.contains(setting.flag))
            #expect(ServeVerb.help.contains(setting.name))
        }
    }
}
