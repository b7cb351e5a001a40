import Foundation
import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Slicing and the builtins over lists, slot sets, strings and maps: `first`, `last`, `sort`,
/// `reverse`, `min`, `max`, `sum`, `filter`, `map`, `keys`, `values`, `env`, `split`, `join`, `format`.
@Suite struct SequenceBuiltinTests {
    @Test(
        arguments: [
            ("[1, 2, 3, 4][1:3]", "2 3"), ("[1, 2, 3, 4][:2]", "1 2"), ("[1, 2, 3, 4][-2:]", "3 4"), ("[1, 2, 3, 4][:]", "1 2 3 4"),
            ("[1, 2][5:9]", ""), ("[1, 2, 3][2:1]", ""), ("slots(0-9, 100)[8:]", "8-9 100"), ("(\"abcdef\")[1:-1]", "bcde"),
            ("first([7, 8, 9])", "7"), ("first([7, 8, 9], 2)", "7 8"), ("last([7, 8, 9], 2)", "8 9"), ("last([])", "nil"),
            ("first(slots(5-9), 3)", "5-7"), ("last(slots(5-9))", "9"), ("first(\"abc\", 2)", "ab"), ("first([1], 0)", ""),
            ("first(1-10, 2)", "1-2"), ("(100-199)[0:3]", "100-102"), ("last(1-10)", "10"), ("reverse(3-5)", "5 4 3"),
            ("reverse([1, 2, 3])", "3 2 1"), ("reverse(\"abc\")", "cba"), ("reverse(slots(1-3))", "3 2 1"),
            ("sort([3, 1, 2])", "1 2 3"), ("sort([\"b\", \"a\"])", "a b"), ("sort([127.0.0.1:7001, 127.0.0.1:7000])", "127.0.0.1:7000 127.0.0.1:7001"),
            ("min([3, 1, 2]) max([3, 1, 2]) min([])", "1 3 nil"), ("sum([1, 2, 3]) sum([])", "6 0"),
            ("keys({a: 1, b: 2}) values({a: 1, b: 2})", "a b 1 2"),
            ("split(\"a b  c\")", "a b c"), ("count(split(\"a,,b\", \",\"))", "3"), ("join([1, \"x\", 127.0.0.1:7000], \"-\")", "1-x-127.0.0.1:7000"),
            ("join([1, 2])", "1 2"), ("format(\"{} has {} slots\", 127.0.0.1:7000, 5)", "127.0.0.1:7000 has 5 slots"), ("format(\"none\")", "none"),
            ("format(\"{{}} is {} and {}{{}}\", 1, 2)", "{} is 1 and 2{}"), ("format(\"{{}}{{}}\")", "{}{}"),
        ])
    func values(expression: String, expected: String) async {
        #expect(await RuntimeHarness().echoes(of: "echo \(expression)") == [expected])
    }

    @Test func slicesTakeVariablesAndExpressionsAsBounds() async {
        let echoes = await RuntimeHarness().echoes(of: "let l = [1, 2, 3, 4, 5]; let a = 1; let b = 3\necho $l[$a:$b] $l[$a:] $l[:${$b + 1}] $l[:$a]")
        #expect(echoes == ["2 3 2 3 4 5 1 2 3 4 1"])
    }

    @Test func sortFilterAndMapTakeFunctionsAndAttributes() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                def slot_count(n) { return count($n.slots) }
                def is_big(n) { return $n > 2 }
                def double(n) { return $n * 2 }
                echo filter([1, 2, 3, 4], is_big) map([1, 2], double)
                for m in sort(masters(127.0.0.1:7000), "port") { echo $m.port }
                echo first(sort(masters(127.0.0.1:7000), slot_count)).port
                """)
        #expect(echoes == ["3 4 2 4", "7000", "7001", "7002", "7000"])
    }

    @Test func misusesAreReportedAtTheArgument() async {
        await assertRuntimeDiagnostics("echo sort(1️⃣[1, \"a\"])", [.init(.typeMismatch, message: "sorting")])
        await assertRuntimeDiagnostics("echo sort([1], 1️⃣\"nope\")", [.init(.unknownAttribute, message: "no function `nope`")])
        await assertRuntimeDiagnostics("echo filter([1], 1️⃣str)", [.init(.unknownCommand, message: "is a builtin")])
        await assertRuntimeDiagnostics("def f(n) { return 1 }\necho filter([1], 1️⃣f)", [.init(.typeMismatch, message: "returns `true` or `false`")])
        await assertRuntimeDiagnostics("def two(a, b) { }\necho map([1], 1️⃣two)", [.init(.invalidArguments, message: "takes 2 arguments")])
        await assertRuntimeDiagnostics("echo sum(1️⃣[1, \"2\"])", [.init(.typeMismatch, message: "adds integers")])
        await assertRuntimeDiagnostics("echo 1️⃣sum([9223372036854775807, 1])", [.init(.integerOverflow)])
        await assertRuntimeDiagnostics("echo first([1], 1️⃣-1)", [.init(.invalidArguments, message: "0 or more")])
        await assertRuntimeDiagnostics("echo 1️⃣format(\"{} {}\", 1)", [.init(.invalidArguments, message: "2 `{}`")])
        await assertRuntimeDiagnostics("echo keys(1️⃣[1])", [.init(.typeMismatch, message: "must be a map")])
        await assertRuntimeDiagnostics("echo split(\"a\", 1️⃣\"\")", [.init(.invalidArguments)])
        await assertRuntimeDiagnostics("echo 1️⃣(5)[1:2]", [.init(.typeMismatch, message: "sliced")])
        await assertRuntimeDiagnostics("let a = \"x\"\necho [1][1️⃣$a:2]", [.init(.typeMismatch, message: "bound")])
    }

    @Test func envReadsTheEnvironment() async {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        #expect(await RuntimeHarness().echoes(of: "echo env(\"PATH\") (env(\"REDIS_TRIB_NO_SUCH_VARIABLE\") == nil)") == [path + " true"])
    }
}
