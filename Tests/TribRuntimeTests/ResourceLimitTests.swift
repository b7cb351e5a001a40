import Testing
import TribLanguage
import TribRuntime

/// Memory bombs and endless loops stop with a diagnostic instead of exhausting the machine.
@Suite(.timeLimit(.minutes(2))) struct ResourceLimitTests {
    @Test(
        "doubling a value in a loop stops at the limit with value-too-large",
        arguments: [
            "let l = [1]; for i in 0-40 { l = $l + $l }",
            "let l = \"ab\"; for i in 0-40 { l = $l + $l }",
            "let l = [1]; for i in 0-40 { l = [$l, $l] }",
            "let l = \"ab\"; for i in 0-40 { l = \"$l$l\" }",
            "let l = [\"abcdefgh\"]; for i in 0-40 { l = [\"${l}${l}\"] }",
            "let l = [1]; for i in 0-100 { l = [$l] }",
        ]
    )
    func doubling(script: String) async throws {
        let harness = RuntimeHarness()
        #expect(await harness.run(script) == false)
        let diagnostic = try #require(harness.log.diagnostics.first)
        #expect(diagnostic.id == .valueTooLarge, "\(diagnostic)")
        #expect(harness.log.diagnostics.count == 1)
    }

    @Test("values within the limits are made")
    func withinLimits() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(of: "let l = [1]; for i in 1-19 { l = $l + $l }; echo ${count($l)}")
        #expect(echoes == ["524288"])
        let nested = await harness.echoes(of: "let n = [1]; for i in 1-60 { n = [$n] }; echo ${count($n)}")
        #expect(nested == ["1"])
    }

    @Test("a loop over a huge range stops after the iteration limit")
    func loopLimit() async throws {
        let harness = RuntimeHarness(maximumLoopIterations: 1000)
        #expect(await harness.run("for i in 0-9223372036854775806 { }") == false)
        let diagnostic = try #require(harness.log.diagnostics.first)
        #expect(diagnostic.id == .tooManyIterations)
        #expect(diagnostic.range.start.column == 1)
        // All loops of a run count together; the next run starts again.
        #expect(await harness.run("for i in 1-600 { }; for j in 1-600 { }") == false)
        #expect(await harness.run("for i in 1-1000 { }"))
    }

    @Test("an expression too long to parse is refused before it runs")
    func longExpression() async {
        let harness = RuntimeHarness()
        let script = "echo ok\nlet x = " + Array(repeating: "1", count: 100_000).joined(separator: " + ")
        #expect(await harness.run(script) == false)
        #expect(harness.log.echoes.isEmpty)
        #expect(harness.log.diagnostics.map(\.id) == [.expressionTooLong])
    }
}
