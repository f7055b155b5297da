import Testing
@testable import SeqThinkCLI

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser([
        .value(["-o", "--output"], "FILE", "output"),
        .value(["-r", "--recipient"], "R", "recipient"),
        .flag(["-a", "--armor"], "armor"),
    ])

    @Test func acceptsEveryValueSpelling() throws {
        let parsed = try parser.parse(["-o", "a", "--output=b", "-o=c", "--output", "d"])
        #expect(parsed.all("output") == ["a", "b", "c", "d"])
        #expect(parsed.last("output") == "d")
    }

    @Test func collectsRepeatedOptionsAndPositionalsInOrder() throws {
        let parsed = try parser.parse(["-r", "x", "in.txt", "-a", "--recipient", "y", "-"])
        #expect(parsed.all("recipient") == ["x", "y"])
        #expect(parsed.has("armor"))
        #expect(parsed.positionals == ["in.txt", "-"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try parser.parse(["--", "-o", "--armor"])
        #expect(parsed.positionals == ["-o", "--armor"])
        #expect(!parsed.has("output"))
    }

    @Test(arguments: [
        (["--nope"], ArgumentParser.Failure.unknownOption("--nope")),
        (["-o"], .missingValue("-o")),
        (["--armor=yes"], .unexpectedValue("--armor")),
        (["-x", "1"], .unknownOption("-x")),
    ])
    func reportsMisuseNamingTheOption(arguments: [String], failure: ArgumentParser.Failure) {
        #expect(throws: failure) { try parser.parse(arguments) }
    }
}
