import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// `def`, calls and `return`: scopes, recursion and its limit, the two call forms, and the
/// diagnostics of a call gone wrong.
@Suite struct FunctionTests {
    @Test func aFunctionReturnsAValueAndIsCalledInExpressionsAndAsAStatement() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                def add(a, b) { return $a + $b }
                echo add(1, 2) (add(add(1, 2), 10) * 2)
                def greet(name) { echo "hello $name" }
                greet world
                greet("again")
                """)
        #expect(echoes == ["3 26", "hello world", "hello again"])
        // A call that returns nothing shows nothing; one that returns a value shows it.
        #expect(harness.log.values.isEmpty)
        await harness.run("add(2, 2)")
        #expect(harness.log.values == [.integer(4)])
    }

    @Test func aFunctionHasItsOwnScopeAndSeesTheTopLevel() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                let total = 0
                def count_up(n) { let local = $n * 2; total = $total + $local; return $local }
                if true { let hidden = 1; echo count_up(5) }
                echo $total
                """)
        #expect(echoes == ["10", "10"])
        // The caller's block variables are out of sight, and the function's own are gone after the call.
        await assertRuntimeDiagnostics("def f() { return 1️⃣$hidden }\nif true { let hidden = 1; echo f() }", [.init(.unknownVariable)])
        await assertRuntimeDiagnostics("def g() { let inner = 1 }\ng()\necho 1️⃣$inner", [.init(.unknownVariable)])
    }

    @Test func recursionWorksAndEndlessRecursionStopsWithADiagnostic() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(of: "def fact(n) { if $n <= 1 { return 1 }; return $n * fact($n - 1) }\necho fact(20)")
        #expect(echoes == ["2432902008176640000"])
        let diagnostics = await assertRuntimeDiagnostics(
            "def forever(n) { return 1️⃣forever($n + 1) }\nforever(0)", [.init(.recursionTooDeep, message: "200")])
        // The innermost calls have a note each, then one note for those left out, then the first call, at line 2.
        let notes = diagnostics.first?.notes ?? []
        #expect(notes.count == Interpreter.maximumFrameNotes + 1)
        #expect(notes.dropLast().last?.message == "and \(Interpreter.maximumCallDepth - Interpreter.maximumFrameNotes) more calls and loops between these")
        #expect(notes.last?.range?.start.line == 2)
    }

    @Test func returnLeavesLoopsAndBlocksOfTheFunction() async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                def first_over(list, limit) {
                    for x in $list { if $x > $limit { return $x } }
                    while true { return nil }
                }
                echo first_over([1, 5, 9], 4) first_over([1], 4)
                """)
        #expect(echoes == ["5 nil"])
    }

    @Test func callsWithTheWrongArgumentsAndBadNamesAreReported() async {
        await assertRuntimeDiagnostics("def f(a, b) { }\nf(1, 2, 1️⃣3)", [.init(.invalidArguments, message: "takes 2 arguments, not 3: f(a, b)")])
        await assertRuntimeDiagnostics("def f(a) { }\n1️⃣f()", [.init(.invalidArguments, message: "takes 1 argument, not 0")])
        await assertRuntimeDiagnostics("def 1️⃣masters() { }", [.init(.nameTaken, message: "builtin")])
        await assertRuntimeDiagnostics("def 1️⃣migrate_slots() { }", [.init(.nameTaken, message: "command")])
        await assertRuntimeDiagnostics("def drain() { }\n1️⃣drian()", [.init(.unknownCommand, suggestion: "drain")])
    }

    @Test func anErrorInAFunctionNamesTheCall() async {
        let diagnostics = await assertRuntimeDiagnostics(
            """
            def half(n) { return $n / 1️⃣$n_zero }
            let n_zero = 0
            for i in [4] { echo half($i) }
            """,
            [.init(.divisionByZero)])
        #expect(diagnostics.first?.notes.map(\.message) == ["in the call of `half`", "in iteration 1 of the loop, where i = 4"])
    }

    @Test func definingAgainReplacesAndTheSessionKeepsFunctions() async {
        let harness = RuntimeHarness()
        await harness.run("def v() { return 1 }")
        await harness.run("def v() { return 2 }")
        #expect(await harness.echoes(of: "echo v()") == ["2"])
        #expect(harness.interpreter.functionNames == ["v"])
        #expect(harness.interpreter.function(named: "v")?.definition.usage == "v()")
    }
}
