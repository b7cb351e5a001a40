import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// `$args` and `$1`, `$2`, … from the interpreter's arguments, read as words are.
@Suite struct ScriptArgumentTests {
    static let arguments = ["127.0.0.1:7000", "7003", "hello world", "0-99"]

    @Test func argsIsTheListOfArguments() async {
        let harness = RuntimeHarness(arguments: Self.arguments)
        let echoes = await harness.echoes(
            of: """
                echo $args
                echo ${count($args)} ${$args[1] + 1} ${$args[0] == 127.0.0.1:7000} ${count($args[3])}
                join_no_load $args[0] 127.0.0.1:$args[1]
                """)
        #expect(echoes == ["127.0.0.1:7000 7003 hello world 0-99", "4 7004 true 100"])
        #expect(await harness.backend.commandLines == ["join_no_load 127.0.0.1:7000 127.0.0.1:7003"])
    }

    @Test func numberedVariablesHoldTheArguments() {
        let interpreter = Interpreter(backend: FakeClusterBackend(), arguments: Self.arguments) { _ in }
        #expect(interpreter.value(of: "1") == .address(NodeAddress(host: "127.0.0.1", port: 7000)))
        #expect(interpreter.value(of: "2") == .integer(7003))
        #expect(interpreter.value(of: "3") == .string("hello world"))
        #expect(interpreter.value(of: "4") == .range(IntegerRange(lower: 0, upper: 99)!))
        #expect(interpreter.value(of: "5") == nil)
        #expect(interpreter.variableNames == ["1", "2", "3", "4", "args"])
    }

    @Test func dollarNumberReadsAnArgument() async {
        let harness = RuntimeHarness(arguments: Self.arguments)
        #expect(await harness.echoes(of: "echo $1 ${$2 + 1} \"$3\"\nfor s in $4 { }") == ["127.0.0.1:7000 7004 hello world"])
        await assertRuntimeDiagnostics(
            "echo 1️⃣$5", [.init(.unknownVariable, message: "`$5` is argument 5 of the script, which was given 4 (`$args` lists them)")], in: harness)
    }

    @Test func withoutArgumentsArgsIsEmpty() async {
        #expect(await RuntimeHarness().echoes(of: "echo ${count($args)}") == ["0"])
    }
}
