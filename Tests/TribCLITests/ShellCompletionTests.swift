import RedisTrib
import Testing
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

@testable import TribCLI

/// The shell's completion candidates and meta-commands, without a terminal or a cluster.
struct ShellCompletionTests {
    let handler = InterpreterShellHandler(
        interpreter: Interpreter(backend: OperatorBackend { _, _ in ClusterOperator() }, arguments: ["x"], events: { _ in }),
        output: OutputRenderer(json: false, colour: false)
    )

    private func candidates(_ line: String) -> [String] {
        let word = String(CompletionEngine.word(before: line))
        return handler.completions(for: word, lineBeforeCursor: line)
    }

    @Test func aStatementStartsWithACommandKeywordFunctionOrMetaCommand() {
        let all = Set(candidates(""))
        let expected = CommandCatalog.commands.map(\.name) + Interpreter.keywords + Builtin.allNames + ShellMetaCommand.all.map(\.name)
        #expect(all == Set(expected))
        #expect(Set(candidates("for n in [1] { mi")) == Set(["migrate_slots"] + Builtin.allNames.filter { $0.hasPrefix("mi") }))
    }

    @Test func helpsArgumentIsAnyNameHelpAnswers() {
        #expect(candidates("help migr") == ["migrate_slots", "migrate"])
        #expect(candidates("help .sl") == [".slots"])
        #expect(candidates("help fo") == ["for"])
        #expect(candidates("help comp") == ["completion"])
        #expect(candidates("help le") == ["len", "let"])
        // One argument only: a second word is not a topic.
        #expect(!candidates("help list mi").contains("migrate_slots"))
    }

    @Test func aCommandsOptionsAreOffered() {
        #expect(candidates("migrate_slots a:1 b:2 1 --re") == ["--replace"])
        let quit = CommandCatalog.command(named: "quit")
        #expect(candidates("quit 127.0.0.1:7000 --") == (quit.map { $0.options.map(\.name) + $0.parameters.compactMap(\.optionName) } ?? []))
    }

    @Test func variablesAndAttributesAreOffered() {
        #expect(candidates("echo $ar") == ["$args"])
        #expect(candidates("echo $n.sl") == ["$n.slots"])
    }

    @Test func theEngineCompletesAMetaCommand() {
        #expect(CompletionEngine(handler: handler).complete(lineBeforeCursor: "exi") == .replaceWord(with: "exit "))
    }

    @Test func bareExitAndQuitLeaveAndHelpStays() async {
        #expect(await handler.handle("exit") == .exit)
        #expect(await handler.handle("  quit ") == .exit)
        #expect(await handler.handle("help") == .keepReading)
        #expect(await handler.handle("help migrate_slots") == .keepReading)
        #expect(await handler.handle("help nosuchthing") == .keepReading)
    }

    @Test func quitWithANodeIsTheClusterCommand() async {
        // Run by the interpreter: the node cannot be reached, and the shell goes on.
        #expect(await handler.handle("quit 127.0.0.1:1") == .keepReading)
    }
}
