import RedisTrib
import Testing
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

@testable import TribCLI

struct HelpTextTests {
    @Test func theOverviewMatchesItsGoldenFile() {
        GoldenFile.expect(HelpText.overview(), matches: "help.txt")
    }

    @Test func theShellsOverviewMatchesItsGoldenFile() {
        GoldenFile.expect(HelpText.overview(shell: true), matches: "help-in-the-shell.txt")
    }

    @Test("help COMMAND matches its golden file", arguments: CommandCatalog.commands.map(\.name) + ToolCommand.all.map(\.name))
    func commandHelp(name: String) throws {
        GoldenFile.expect(try #require(HelpText.topic(name)), matches: "help-\(name).txt")
    }

    @Test func theOverviewNamesEveryCommandOptionAndExitStatus() {
        let overview = HelpText.overview()
        for name in CommandCatalog.allNames + ToolCommand.all.map(\.name) {
            #expect(overview.contains(name), "help lacks \(name)")
        }
        for option in GlobalOption.all {
            #expect(overview.contains("  " + option.usage + " "), "help lacks \(option.usage)")
        }
        for status in ExitStatus.documented {
            #expect(overview.contains("  \(status.status) "), "help lacks the exit status \(status.status)")
        }
    }

    @Test func theShellsOverviewListsItsMetaCommandsAndFunctions() {
        let overview = HelpText.overview(shell: true)
        for meta in ShellMetaCommand.all {
            #expect(overview.contains("  " + meta.usage + " "))
        }
        for name in Builtin.allNames {
            #expect(overview.contains(name + "("), "the shell's help lacks \(name)")
        }
    }

    @Test func keywordsAndNodeAttributesHaveHelpFromTheirDeclarations() {
        #expect(HelpText.topic("for") == "for NAME in EXPRESSION { … }\n\n\(Keyword.for.summary)")
        #expect(HelpText.topic(".open_slots") == "$node.open_slots\n\n\(NodeAttribute.openSlots.summary)")
        #expect(HelpText.topic(".nosuch") == nil)
    }

    @Test func anUnknownTopicSuggestsTheClosestNameOfAnyKind() {
        #expect(HelpText.topic("keyslt") == nil)
        #expect(HelpText.unknownTopic("keyslt") == "no command, function or keyword 'keyslt'; did you mean 'keyslot'?")
        #expect(HelpText.unknownTopic("contiue").hasSuffix("did you mean 'continue'?"))
        #expect(HelpText.unknownTopic(".slts") == "nodes have no attribute 'slts'; did you mean 'slots'?")
        #expect(HelpText.unknownTopic("completon").hasSuffix("did you mean 'completion'?"))
        #expect(HelpText.unknownTopic("migrate_slot").hasSuffix("did you mean 'migrate_slots'?"))
    }
}
