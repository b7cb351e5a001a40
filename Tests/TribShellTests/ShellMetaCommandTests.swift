import Testing
import TribShell

struct ShellMetaCommandTests {
    @Test(
        "a line is a meta-command when the name is its first word and no more words follow than it takes",
        arguments: [
            ("exit", "exit", []), ("quit", "quit", []), ("  quit  ", "quit", []), ("help", "help", []),
            ("help migrate_slots", "help", ["migrate_slots"]),
        ] as [(String, String, [String])]
    )
    func metaCommands(line: String, name: String, arguments: [String]) throws {
        let (command, words) = try #require(ShellMetaCommand.invoked(by: line))
        #expect(command.name == name)
        #expect(words == arguments)
    }

    @Test(
        "any other line is a statement of the language",
        arguments: ["quit 127.0.0.1:7000", "exit 1", "help list masters", "echo exit", "", "quitting", "$quit"]
    )
    func statements(line: String) {
        #expect(ShellMetaCommand.invoked(by: line) == nil)
    }

    @Test func exitAndQuitLeaveAndHelpShowsHelp() {
        #expect(ShellMetaCommand.invoked(by: "exit")?.command.action == .leave)
        #expect(ShellMetaCommand.invoked(by: "quit")?.command.action == .leave)
        #expect(ShellMetaCommand.invoked(by: "help x")?.command.action == .showHelp)
    }

    @Test func namesAreUniqueAndUsagesShowTheArguments() {
        let names = ShellMetaCommand.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(ShellMetaCommand.all.map(\.usage) == ["help [NAME]", "exit", "quit"])
    }
}
