import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime

/// What an error does to the rest of the script.
@Suite struct ErrorHandlingTests {
    static let script = """
        echo one
        migrate_slots 127.0.0.1:7000 127.0.0.1:7001 6000
        echo two
        for i in [5, 0, 1] { echo ${10 / $i} }
        echo three
        """

    @Test func theFirstErrorStopsTheScript() async {
        let harness = RuntimeHarness()
        #expect(await harness.run(Self.script) == false)
        #expect(harness.log.echoes == ["one"])
        #expect(harness.log.diagnostics.map(\.id) == [.operationFailed])
    }

    @Test func keepGoingReportsEveryErrorAndRunsTheNextStatement() async {
        let harness = RuntimeHarness(keepGoing: true)
        #expect(await harness.run(Self.script) == false)
        #expect(harness.log.echoes == ["one", "two", "2", "10", "three"])
        #expect(harness.log.diagnostics.map(\.id) == [.operationFailed, .divisionByZero])
        #expect(harness.log.diagnostics.last?.notes.map(\.message) == ["in iteration 2 of the loop, where i = 0"])
    }

    @Test func keepGoingSkipsALoopWhoseSequenceFails() async {
        let harness = RuntimeHarness(keepGoing: true)
        #expect(await harness.run("for n in $nothing { echo never }\necho after") == false)
        #expect(harness.log.echoes == ["after"])
    }

    @Test func aParseErrorRunsNothing() async {
        let harness = RuntimeHarness()
        let succeeded = await harness.run("echo one\nconnect 127.0.0.1:7000\nlet x =\nmigrate_slots 127.0.0.1:7000 127.0.0.1:7001 0")
        #expect(!succeeded)
        #expect(harness.log.echoes.isEmpty)
        #expect(await harness.backend.calls.isEmpty)
        #expect(harness.log.diagnostics.map(\.id) == [.expectedExpression])
        #expect(harness.interpreter.defaultCluster == nil)
    }

    @Test func aParseErrorRunsNothingEvenWhenKeepingGoing() async {
        let harness = RuntimeHarness(keepGoing: true)
        #expect(await harness.run("echo one\nfor n in x echo $n") == false)
        #expect(harness.log.echoes.isEmpty)
    }

    @Test func aFailedRunLeavesTheSessionUsable() async {
        let harness = RuntimeHarness()
        await harness.run("let a = 1\necho $b")
        #expect(await harness.echoes(of: "echo $a") == ["1"])
    }

    @Test func cancellingTheTaskStopsALongLoop() async throws {
        // No iteration limit: on a loaded machine the loop could reach it before the cancellation.
        let harness = RuntimeHarness(maximumLoopIterations: Int.max)
        let task = Task { await harness.run("let n = 0\nfor i in 0-100000000 { n = $n + 1 }\necho done") }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        #expect(await task.value == false)
        #expect(harness.log.echoes.isEmpty)
        #expect(harness.log.diagnostics.map(\.id) == [.cancelled])
    }

    @Test func theDiagnosticsRenderWithTheirFile() async {
        let harness = RuntimeHarness()
        await harness.run("for node in [1] {\n  echo $nod\n}")
        guard case .diagnostic(let diagnostic, let file)? = harness.log.events.last else {
            Issue.record("no diagnostic")
            return
        }
        #expect(
            DiagnosticRenderer().render(diagnostic, in: file) == """
                test.trib:2:8: error: `$nod` is not declared
                  echo $nod
                       ^~~~
                test.trib:1:1: note: in iteration 1 of the loop, where node = 1
                for node in [1] {
                ^~~~~~~~~~~~~~~
                test.trib:2:8: help: did you mean `$node`?
                """)
    }
}
