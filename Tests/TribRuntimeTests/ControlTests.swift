import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// `while`, `exit`, `sleep`, `assert` and `try`/`catch`.
@Suite struct ControlTests {
    @Test func whileRunsAsLongAsItsConditionHolds() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                let i = 0
                while $i < 5 {
                    i = $i + 1
                    if $i == 2 { continue }
                    if $i == 4 { break }
                    echo $i
                }
                """)
        #expect(echoes == ["1", "3"])
        await assertRuntimeDiagnostics("while 1️⃣1 { }", [.init(.typeMismatch, message: "condition of `while`")])
        await assertRuntimeDiagnostics("1️⃣while true { }", [.init(.tooManyIterations)], in: RuntimeHarness(maximumLoopIterations: 50))
        // A failure inside names the iteration of the `while` loop.
        let diagnostics = await assertRuntimeDiagnostics("let i = 0\nwhile true { i = $i + 1; echo (1 / 1️⃣(3 - $i)) }", [.init(.divisionByZero)])
        #expect(diagnostics.first?.notes.first?.message == "in iteration 3 of the `while` loop")
    }

    @Test func exitEndsTheRunWithItsStatus() async {
        let harness = RuntimeHarness()
        let outcome = await harness.interpreter.run(SourceFile(name: "t", text: "echo a\nfor i in [1] { if true { exit 3 } }\necho b"))
        #expect(outcome == .exited(3))
        #expect(!outcome.succeeded && outcome.exited)
        #expect(harness.log.echoes == ["a"])
        #expect(await harness.interpreter.run(SourceFile(name: "t", text: "exit")) == .exited(0))
        #expect(await harness.interpreter.run(SourceFile(name: "t", text: "exit")).succeeded)
        // An error before it decides with --keep-going; a status outside 0…255 is refused.
        let keepGoing = RuntimeHarness(keepGoing: true)
        let failed = await keepGoing.interpreter.run(SourceFile(name: "t", text: "echo (1 / 0)\nexit 0\necho never"))
        #expect(failed.exited == false && !failed.succeeded)
        #expect(keepGoing.log.echoes.isEmpty)
        await assertRuntimeDiagnostics("exit 1️⃣256", [.init(.invalidArguments, message: "0 to 255")])
        await assertRuntimeDiagnostics("exit 1️⃣\"x\"", [.init(.invalidArguments)])
        // `exit` in a sourced file ends the script that sourced it.
        let sourcing = RuntimeHarness(files: ["lib.trib": "exit 5"])
        #expect(await sourcing.interpreter.run(SourceFile(name: "main", text: "source lib.trib\necho after")) == .exited(5))
        #expect(sourcing.log.echoes.isEmpty)
    }

    @Test func sleepWaitsAndRefusesWhatIsNotADuration() async {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await RuntimeHarness().echoes(of: "sleep 0.05; sleep 0; echo done") == ["done"])
        #expect(clock.now - start >= .milliseconds(50))
        await assertRuntimeDiagnostics("sleep 1️⃣-1", [.init(.invalidArguments, message: "0 to 86400")])
        await assertRuntimeDiagnostics("sleep 1️⃣soon", [.init(.invalidArguments)])
        // Decimal numbers only: not hexadecimal, not an exponent (Double would read both: 16 s, 1000 s).
        await assertRuntimeDiagnostics("sleep 1️⃣\"0x10\"", [.init(.invalidArguments, message: "0 to 86400")])
        await assertRuntimeDiagnostics("sleep 1️⃣\"1e3\"", [.init(.invalidArguments, message: "0 to 86400")])
        #expect(await RuntimeHarness().echoes(of: "sleep \"0.01\"; sleep \".01\"; echo done") == ["done"])
        await assertRuntimeDiagnostics("sleep 1️⃣100000", [.init(.invalidArguments)])
        // Cancelled, the wait stops at once with `cancelled`.
        let harness = RuntimeHarness()
        let task = Task { await harness.interpreter.run(SourceFile(name: "t", text: "sleep 60")) }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let outcome = await task.value
        guard case .failed(let diagnostic) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(diagnostic.id == .cancelled)
    }

    @Test func assertStopsWithItsMessage() async {
        #expect(await RuntimeHarness().echoes(of: "assert 1 < 2 \"never shown\"; echo ok") == ["ok"])
        await assertRuntimeDiagnostics("let n = 3\nassert 1️⃣$n == 4 \"need 4 nodes, have $n\"", [.init(.assertionFailed, message: "need 4 nodes, have 3")])
        await assertRuntimeDiagnostics("assert 1️⃣1 > 2", [.init(.assertionFailed, message: "assertion failed: `1 > 2` is false")])
        await assertRuntimeDiagnostics("assert 1️⃣5", [.init(.typeMismatch, message: "condition of `assert`")])
    }

    @Test func tryRunsCatchWithTheErrorAsAMap() async {
        let harness = RuntimeHarness(failWhen: { call in
            call.command == "fix" ? TribError(.notConverged, "the cluster did not agree", node: NodeAddress(host: "127.0.0.1", port: 7002)) : nil
        })
        let echoes = await harness.echoes(
            of: """
                try {
                    echo before
                    fix 127.0.0.1:7000
                    echo never
                } catch e {
                    echo $e.code $e.node $e.line "$e.message"
                }
                try { echo (1 / 0) } catch { echo "no name needed" }
                try { echo fine } catch e { echo never }
                try { assert false "custom" } catch e { echo $e.code $e.message ($e.node == nil) }
                """)
        #expect(
            echoes == [
                "before", "not-converged 127.0.0.1:7002 3 127.0.0.1:7002: the cluster did not agree", "no name needed", "fine",
                "assertion-failed custom true",
            ])
        #expect(harness.log.diagnostics.isEmpty)
    }

    @Test func tryReturnsThroughFunctionsAndKeepGoingDoesNotSwallowItsErrors() async {
        let keepGoing = RuntimeHarness(keepGoing: true)
        let echoes = await keepGoing.echoes(
            of: """
                def safe_div(a, b) { try { return $a / $b } catch e { return -1 } }
                echo safe_div(6, 3) safe_div(1, 0)
                try { echo (1 / 0); echo "not after the error" } catch e { echo caught }
                """)
        #expect(echoes == ["2 -1", "caught"])
        // Nothing is caught from inside the handler itself.
        await assertRuntimeDiagnostics("try { echo (1 / 0) } catch e { echo (1 / 1️⃣0) }", [.init(.divisionByZero)])
        // `exit` goes through a `try`.
        #expect(await RuntimeHarness().interpreter.run(SourceFile(name: "t", text: "try { exit 2 } catch e { echo no }")) == .exited(2))
    }

    @Test func nowIsTheTimeAndDryRunSaysWhetherCommandsChangeNothing() async {
        #expect(await RuntimeHarness().echoes(of: "let t = now()\necho ($t > 1700000000) (now() - $t < 5) dry_run()") == ["true true false"])
        #expect(await RuntimeHarness(dryRun: true).echoes(of: "if dry_run() { echo would }") == ["would"])
    }

    @Test func growingAListByItselfKeepsWhatPlusMeans() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                let l = []
                for i in 0-9999 { l = $l + [$i] }
                echo count($l) $l[0] $l[9999]
                let a = [1]
                let b = $a
                a = $a + [2]
                echo count($a) count($b)
                def f() { c = [9]; return [1] }
                let c = [0]
                c = $c + f()
                echo join($c, ",")
                let s = [1]
                s = $s + $s
                s = $s + "x"
                echo $s
                """)
        // The variable is read before the right side runs, as `+` reads it; a list shared with another
        // variable is not changed under it; a list plus a string joins texts, as `+` does.
        #expect(echoes == ["10000 0 9999", "2 1", "0,1", "1 1x"])
    }
}
