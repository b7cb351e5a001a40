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
        #expect(HelpText.topic("try")?.contains("`file`") == true, "help try names every field of the caught error")
    }

    @Test("help NAME shows a builtin's usage under every name and alias, a command's too where it shares the name", arguments: Builtin.allNames)
    func everyBuiltinNameHasItsUsage(name: String) throws {
        let builtin = try #require(Builtin(named: name))
        let help = try #require(HelpText.topic(name), "no help for \(name)")
        #expect(help.contains(builtin.usage(calledAs: name)), "help \(name) lacks \(builtin.usage(calledAs: name)):\n\(help)")
        #expect(help.contains(builtin.summary))
        if let command = CommandCatalog.command(named: name) {
            #expect(help.contains("redis-trib " + command.usage), "help \(name) lacks the command:\n\(help)")
            #expect(help.contains("In call form, `\(name)(…)` is the builtin"), "help \(name) does not say which one a call runs:\n\(help)")
        }
    }

    @Test func theNamesOfBothACommandAndABuiltinAreTheOnesKnown() {
        let shared = Set(Builtin.allNames.filter { CommandCatalog.command(named: $0) != nil })
        // `call` is redis-cli's name for `execute`, `nodes` an alias of `list`.
        #expect(shared == ["masters", "nodes", "join", "call", "info"])
    }

    @Test("help .NAME shows every attribute of other values from its declaration", arguments: ValueAttribute.allCases)
    func valueAttributeHelp(attribute: ValueAttribute) throws {
        let help = try #require(HelpText.topic("." + attribute.rawValue))
        #expect(help.contains("$x.\(attribute.rawValue), of \(attribute.holderNames)\n\n\(attribute.summary)"), "\(help)")
        if let node = NodeAttribute(rawValue: attribute.rawValue) {
            #expect(help.hasPrefix("$node.\(node.rawValue)\n\n\(node.summary)\n\n"), "\(help)")
        }
        #expect(HelpText.topicNames.filter { $0 == "." + attribute.rawValue }.count == 1)
    }

    @Test func theShellsOverviewListsTheFunctionsDefinedWithDef() async throws {
        let interpreter = Interpreter(backend: OperatorBackend { _, _ in ClusterOperator() }, events: { _ in })
        #expect(!HelpText.overview(shell: true, functions: interpreter.definedFunctions).contains("YOUR FUNCTIONS"))
        _ = await interpreter.run(SourceFile(name: "t", text: "def drain(host, limit) { }\ndef ping() { }"))
        let overview = HelpText.overview(shell: true, functions: interpreter.definedFunctions)
        let lines = overview.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.drop { $0 != "YOUR FUNCTIONS (def):" }.dropFirst().prefix { !$0.isEmpty }
        #expect(rows.count == 2, "\(overview)")
        #expect(rows.first?.hasPrefix("  drain(host, limit)  a function of the script, defined at t:1") == true, "\(rows)")
        #expect(rows.last?.hasPrefix("  ping()") == true, "\(rows)")
    }

    @Test func anUnknownTopicSuggestsTheClosestNameOfAnyKind() {
        #expect(HelpText.topic("keyslt") == nil)
        #expect(HelpText.unknownTopic("keyslt") == "no command, function or keyword 'keyslt'; did you mean 'keyslot'?")
        #expect(HelpText.unknownTopic("contiue").hasSuffix("did you mean 'continue'?"))
        #expect(HelpText.unknownTopic(".slts") == "no value has an attribute 'slts'; did you mean 'slots'?")
        #expect(HelpText.unknownTopic(".mesage") == "no value has an attribute 'mesage'; did you mean 'message'?")
        #expect(HelpText.unknownTopic("completon").hasSuffix("did you mean 'completion'?"))
        #expect(HelpText.unknownTopic("migrate_slot").hasSuffix("did you mean 'migrate_slots'?"))
    }
}
