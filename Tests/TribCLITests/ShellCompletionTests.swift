import RedisTrib
import Testing
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
        // Commands by their names (not their aliases), keywords, functions and their aliases, meta-commands.
        #expect(all.isSuperset(of: ["start", "start_multi", "migrate_slots", "quit", "sandbox", "let", "for", "echo", "source"]))
        #expect(all.isSuperset(of: ["keyslot", "count", "len", "str", "help", "exit"]))
        // `call` is offered as the builtin (one node's reply); as a statement it is still redis-cli's name for `execute`.
        #expect(all.isSuperset(of: ["call", "def", "while", "sort"]))
        #expect(all.isDisjoint(with: ["create", "migrate", "del-node", "--replace", "$args"]))
        #expect(Set(candidates("for n in [1] { mi")).contains("migrate_slots"))
        #expect(candidates("for n in [1] { migr") == ["migrate_slots"])
    }

    @Test func helpsArgumentIsAnyNameHelpAnswers() {
        #expect(candidates("help migr") == ["migrate_slots", "migrate"])
        #expect(candidates("help .sl") == [".slots"])
        #expect(candidates("help fo") == ["forget", "format", "for"])
        #expect(candidates("help comp") == ["completion"])
        #expect(candidates("help le") == ["len", "let"])
        let topics = Set(candidates("help "))
        #expect(topics.isSuperset(of: ["start", "migrate_slots", "create", "execute", "quit", "keyslot", "count", "len", "for", ".id"]))
        // `exit` leaves the shell and, with a status, is a statement of the language: help has its keyword.
        #expect(topics.contains("exit"))
        #expect(topics.isDisjoint(with: ["--replace", "$args"]))
        // One argument only: a second word is not a topic.
        #expect(!candidates("help list mi").contains("migrate_slots"))
    }

    @Test func aCommandsOptionsAreOffered() {
        #expect(candidates("migrate_slots a:1 b:2 1 --re") == ["--replace"])
        #expect(
            candidates("quit 127.0.0.1:7000 --") == [
                "--replace", "--force", "--keys-per-batch", "--batch-bytes", "--migrate-timeout", "--transfer", "--atomic", "--no-atomic", "--atomic-timeout",
                "--parallel", "--addr",
            ]
        )
    }

    @Test func variablesAndAttributesAreOffered() {
        #expect(candidates("echo $ar") == ["$args"])
        #expect(candidates("echo $n.sl") == ["$n.slots"])
    }

    @Test func anAttributeIsOfferedFromTheValueTheVariableHolds() async {
        let interpreter = Interpreter(backend: OperatorBackend { _, _ in ClusterOperator() }, arguments: [], events: { _ in })
        let handler = InterpreterShellHandler(interpreter: interpreter, output: OutputRenderer(json: false, colour: false))
        _ = await interpreter.run(SourceFile(name: "-c", text: "let m = {state: 1, size: 2}\nlet l = [1, 2]"))
        func candidates(_ line: String) -> [String] {
            handler.completions(for: String(CompletionEngine.word(before: line)), lineBeforeCursor: line)
        }
        #expect(candidates("echo $m.s") == ["$m.state", "$m.size"])
        #expect(candidates("echo $l.") == ["$l.count", "$l.first", "$l.last"])
        // An unknown variable, or a chain: a node's attributes.
        #expect(candidates("echo $x.sl") == ["$x.slots"])
        #expect(candidates("echo $m.state.sl") == ["$m.state.slots"])
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
