import Testing
import TribLanguage
import TribTestSupport

/// Random text and mutations of valid scripts through the lexer and the parser: no crash, no hang,
/// and every input either parses or says where it is wrong (diagnostics whose ranges lie inside it).
@Suite("Reliability: fuzzing the language", .timeLimit(.minutes(30)))
struct LanguageFuzzTests {
    static let seeds =
        RobustnessTests.seeds + [
            "for n in masters() { if $n.slots > 0 { migrate_slots $n.addr 127.0.0.1:7001 $n.slots.first --no-atomic } }",
            "let nodes = [127.0.0.1:7000, [::1]:7001]; join ${nodes[0]} $nodes[1] --keys-per-batch 10",
            "fix 127.0.0.1:7000\nquit 127.0.0.1:7003 --force # done\nrescue 127.0.0.1:7000 127.0.0.1:7004 --max-slots 100",
            "echo \"${1 + 2 * (3 - 4) / 5 % 6}\" 'single $x' \"\\u{1F600}\\t\\\"\"",
        ]

    @Test("random and mutated scripts: a parse or located diagnostics, never a crash")
    func fuzz() {
        let inputs = ReliabilityFigures.fuzzInputs
        var generator = SplitMix64(seed: 0x4C41_4E47)
        var figures = ReliabilityFigures(scenario: "fuzzing: language lexer and parser", server: "-")
        var parsed = 0
        for index in 0..<inputs {
            let input: String
            if index.isMultiple(of: 3) {
                input = RobustnessTests.randomText(length: Int.random(in: 0...120, using: &generator), using: &generator)
            } else {
                let seed = Self.seeds[Int.random(in: 0..<Self.seeds.count, using: &generator)]
                input = RobustnessTests.mutate(seed, times: Int.random(in: 1...6, using: &generator), using: &generator)
            }
            let script = Parser.parse(input, fileName: "fuzz")
            if !RobustnessTests.checkInvariants(script, input: input) {
                figures.keysLost += 1
            }
            if script.hasErrors {
                figures.refusals += 1
            } else {
                parsed += 1
            }
        }
        figures.runs = inputs
        figures.notes = "\(parsed) parsed, \(figures.refusals) with located diagnostics"
        figures.record()
        // Both outcomes are common, so the generator exercises the error paths and the happy paths.
        #expect(parsed > inputs / 100 && figures.refusals > inputs / 10, "\(parsed) parsed, \(figures.refusals) refused")
    }
}
