import RESP
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
        // An option given is no longer offered.
        #expect(handler.hint(lineBeforeCursor: "migrate_slots a b 1 --replace ")?.hasPrefix("SLOT… [--force]") == true)
        #expect(handler.hint(lineBeforeCursor: "let x = 1; list ") == "CLUSTER_NODE")
        let fix = try #require(CommandCatalog.command(named: "fix")?.parameters.first?.name)
        #expect(handler.hint(lineBeforeCursor: "for n in [1] { fix ")?.hasPrefix(fix) == true)
    }

    @Test func afterConnectTheClusterNodeMayBeLeftOut() throws {
        let interpreter = Interpreter(backend: OperatorBackend { _, _ in ClusterOperator() }, events: { _ in })
        let handler = InterpreterShellHandler(interpreter: interpreter, output: OutputRenderer(json: false, colour: false))
        #expect(handler.hint(lineBeforeCursor: "masters ") == "CLUSTER_NODE")
        interpreter.defaultCluster = NodeAddress(host: "127.0.0.1", port: 7000)
        #expect(handler.hint(lineBeforeCursor: "masters ") == "[CLUSTER_NODE]")
        // `info --map`: given the node or not, nothing but the option is left.
        #expect(handler.hint(lineBeforeCursor: "info ")?.hasPrefix("[NODE] [--map]") == true)
        // `join NEW`: one word is the new node's, the cluster being the default one.
        let join = try #require(handler.hint(lineBeforeCursor: "join 127.0.0.1:7003 "))
        #expect(!join.contains("NEW_NODE") && !join.contains("CLUSTER_NODE"), "\(join)")
        // Commands whose first parameter is not "any node of the cluster" are as before.
        #expect(handler.hint(lineBeforeCursor: "migrate_slots ")?.hasPrefix("SRC DST SLOT…") == true)
    }

    @Test func anOptionsValueIsItsNotAPositionalArgument() throws {
        let full = try #require(handler.hint(lineBeforeCursor: "migrate_slots "))
        let hint = try #require(handler.hint(lineBeforeCursor: "migrate_slots --keys-per-batch 5 "))
        #expect(hint.hasPrefix("SRC DST SLOT… [--replace]"), "\(hint)")
        #expect(!hint.contains("--keys-per-batch"), "\(hint)")
        #expect(full.contains("[--keys-per-batch N]"))
        // `--name=value` is one word; right after an option that takes a value, its placeholder comes first.
        #expect(handler.hint(lineBeforeCursor: "migrate_slots --keys-per-batch=5 a ")?.hasPrefix("DST SLOT…") == true)
        #expect(handler.hint(lineBeforeCursor: "migrate_slots a --keys-per-batch ")?.hasPrefix("N DST SLOT…") == true)
        // A choice is one option whichever spelling was given; a repeatable one stays.
        let atomic = try #require(handler.hint(lineBeforeCursor: "migrate_slots a b 1 --no-atomic "))
        #expect(!atomic.contains("[--atomic]") && !atomic.contains("[--no-atomic]"), "\(atomic)")
        let weight = try #require(handler.hint(lineBeforeCursor: "rebalance a --weight x=1 "))
        #expect(weight.contains("[--weight NODE=W]…"), "\(weight)")
        // Once the words of a command to run begin, its options are not offered: they would be words.
        #expect(handler.hint(lineBeforeCursor: "execute a CONFIG ") == "COMMAND…")
        #expect(handler.hint(lineBeforeCursor: "execute a ")?.hasPrefix("COMMAND… [--masters-only]") == true)
    }

    @Test func aBuiltinOrFunctionUsedAsAStatementShowsItsParametersNotYetGiven() async {
        #expect(handler.hint(lineBeforeCursor: "count ") == "x")
        #expect(handler.hint(lineBeforeCursor: "sort ") == "list [by]")
        #expect(handler.hint(lineBeforeCursor: "sort [3, 1, 2] ") == "[by]")
        #expect(handler.hint(lineBeforeCursor: "sort [3, 1, 2] port ") == nil)
        #expect(handler.hint(lineBeforeCursor: "env ") == "NAME")
        // Braces and `;` inside a string do not end the statement.
        #expect(handler.hint(lineBeforeCursor: "format \"{} {}\" ") == "[x…]")
        #expect(handler.hint(lineBeforeCursor: "echo \"a;\\\"{\"; count ") == "x")
        #expect(handler.hint(lineBeforeCursor: "len ") == "x")
        // A name that is a command too runs the command as a statement: its hint is the command's.
        #expect(handler.hint(lineBeforeCursor: "info ") == CommandCatalog.command(named: "info").map { String($0.usage.dropFirst("info ".count)) })
        _ = await interpreter.run(SourceFile(name: "t", text: "def drain(host, limit) { }"))
        #expect(handler.hint(lineBeforeCursor: "drain 127.0.0.1 ") == "limit")
        #expect(handler.hint(lineBeforeCursor: "drain a 2 ") == nil)
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
