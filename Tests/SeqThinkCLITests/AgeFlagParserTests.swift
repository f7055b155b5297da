@testable import SeqThinkCLI
import Testing

struct AgeFlagParserTests {
    let parser = AgeVerbs.encryptFlags

    @Test func acceptsShortLongAndInlineValuesAndRepeats() throws {
        let r = try parser.parse(["-r", "age1a", "--recipient", "age1b", "--recipient=age1c", "-r=age1d", "-a", "--output=x", "in"])
        #expect(r.all("r") == ["age1a", "age1b", "age1c", "age1d"])
        #expect(r.has("a"))
        #expect(r.last("o") == "x")
        #expect(r.positionals == ["in"])
    }

    @Test func singleDashLongNamesWorkAsInGo() throws {
        let r = try parser.parse(["-armor", "-recipients-file", "f", "-passphrase-file", "p"])
        #expect(r.has("a"))
        #expect(r.all("R") == ["f"])
        #expect(r.last("passphrase-file") == "p")
    }

    @Test func loneDashIsStandardInputAndDoubleDashEndsFlags() throws {
        #expect(try parser.parse(["-"]).positionals == ["-"])
        #expect(try parser.parse(["--", "-r", "x"]).positionals == ["-r", "x"])
    }

    @Test func flagsMayFollowTheInput() throws {
        let r = try parser.parse(["in.age", "-o", "out"])
        #expect(r.positionals == ["in.age"])
        #expect(r.last("o") == "out")
    }

    @Test func laterValueOfASingleFlagWins() throws {
        #expect(try parser.parse(["-o", "a", "-o", "b"]).last("o") == "b")
    }

    @Test func booleanFlagsTakeGoStyleInlineBooleans() throws {
        #expect(try parser.parse(["-a=true"]).has("a"))
        #expect(try !parser.parse(["-a=false"]).has("a"))
        #expect(throws: AgeFlagParser.Failure.unexpectedValue("-a=yes")) { try parser.parse(["-a=yes"]) }
    }

    @Test func unknownFlagsAndMissingValuesAreErrors() {
        #expect(throws: AgeFlagParser.Failure.unknown("--bogus")) { try parser.parse(["--bogus"]) }
        #expect(throws: AgeFlagParser.Failure.unknown("-x")) { try parser.parse(["-x"]) }
        #expect(throws: AgeFlagParser.Failure.missingValue("-r")) { try parser.parse(["-r"]) }
        #expect(throws: AgeFlagParser.Failure.missingValue("--output")) { try parser.parse(["--output"]) }
    }
}
