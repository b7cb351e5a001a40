import RedisTrib
import Testing
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

@testable import TribCLI

/// The hint the shell shows at the right of the line while a statement is typed, from the same
/// declarations as completion and `help`.
struct ShellHintTests {
    let interpreter = Interpreter(backend: OperatorBackend { _, _ in ClusterOperator() }, events: { _ in })

    var handler: InterpreterShellHandler {
        InterpreterShellHandler(interpreter: interpreter, output: OutputRenderer(json: false, colour: false))
    }

    @Test func aCommandShowsTheParametersNotYetGivenThenItsOptions() throws {
        let signature = try #require(CommandCatalog.command(named: "migrate_slots"))
        let full = try #require(handler.hint(lineBeforeCursor: "migrate_slots "))
        #expect(full == String(signature.usage.dropFirst("migrate_slots ".count)))
        #expect(handler.hint(lineBeforeCursor: "migrate_slots a b ")?.hasPrefix("SLOT… [--replace]") == true)
        #expect(handler.hint(lineBeforeCursor: "migrate_slots a b 1 --replace ")?.hasPrefix("SLOT… [--replace]") == true)
        #expect(handler.hint(lineBeforeCursor: "let x = 1; list ") == "CLUSTER_NODE")
        let fix = try #require(CommandCatalog.command(named: "fix")?.parameters.first?.name)
        #expect(handler.hint(lineBeforeCursor: "for n in [1] { fix ")?.hasPrefix(fix) == true)
    }

    @Test func aCallShowsItsUsageAndAKeywordItsForm() async {
        #expect(handler.hint(lineBeforeCursor: "echo sort(") == "sort(list, [by])")
        #expect(handler.hint(lineBeforeCursor: "echo sort([1, 2], ") == "sort(list, [by])")
        #expect(handler.hint(lineBeforeCursor: "let n = len(") == "len(x)")
        #expect(handler.hint(lineBeforeCursor: "echo (count(") == "count(x)")
        #expect(handler.hint(lineBeforeCursor: "for ") == Keyword.for.usage)
        #expect(handler.hint(lineBeforeCursor: "while ") == Keyword.while.usage)
        _ = await interpreter.run(SourceFile(name: "t", text: "def drain(host, limit) { }"))
        #expect(handler.hint(lineBeforeCursor: "drain ") == "host limit")
        #expect(handler.hint(lineBeforeCursor: "echo drain(") == "drain(host, limit)")
    }

    @Test func nothingInTheMiddleOfAWordOrAfterAValue() {
        for line in ["", "migr", "migrate_slots a", "echo count(x) ", "echo 1 ", "nosuchcommand ", "echo nosuch("] {
            #expect(handler.hint(lineBeforeCursor: line) == nil, "\(line)")
        }
    }
}
