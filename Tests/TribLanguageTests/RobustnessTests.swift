import Testing
import TribLanguage
import TribTestSupport

@Suite(.timeLimit(.minutes(1))) struct RobustnessTests {
    /// Characters weighted towards the ones the grammar cares about.
    static let alphabet: [Character] = Array(
        "{}()[]\"\"$$\\#;,=!<>&|.-:--__ \n\n\t  abcxyz0179letforinifelseecho'`\r\u{0}\u{7}é👍🏽\u{301}ß"
    )

    /// The first is docs/LANGUAGE.md's example (empty if the document cannot be read; SpecExampleTests then fail).
    static let seeds: [String] = [
        (try? LanguageDocument.exampleScript()) ?? "",
        "let x = [1, 2-3, \"a ${count($n.slots)} b\", node(127.0.0.1:7000).role]",
        "if $a == 1 && !($b in masters()) { echo \"x\" } else if $c { break } else { continue }",
        "for port in 7003-7005 { join_no_load $src 127.0.0.1:$port; execute [::1]:$port --masters-only CONFIG GET maxmemory }",
        "x = $lo-$hi\n$y = 7000 + $i * 2 - 1\nsource \"a b.trib\"\necho ${$l[0].addr} \\\n  'q'",
    ]

    @Test(arguments: ["(", "{", "[", "\"${", "${", "!", "if x {", "f(", "$a[", "for x in y {"])
    func deepNestingIsCutOffNotOverflowed(_ opener: String) {
        let input = "echo " + String(repeating: opener, count: 10_000)
        let script = Parser.parse(input)
        #expect(script.hasErrors)
        #expect(script.diagnostics.count < 5)
        Self.checkInvariants(script, input: input)
    }

    @Test func longInputsStayFast() {
        let line = "migrate_slots $src $dst 0 2 4-7 --replace; echo \"a $b.c ${d}\" # comment\n"
        let input = String(repeating: line, count: 5_000) + String(repeating: "x", count: 100_000)
        let script = Parser.parse(input)
        #expect(script.statements.count == 10_001)
        #expect(!script.hasErrors)
    }

    /// Checks what every parse must hold; returns whether all of it held.
    @discardableResult
    static func checkInvariants(
        _ script: ParsedScript, input: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Bool {
        var held = true
        func check(_ condition: Bool, _ comment: @autoclosure () -> Comment? = nil) {
            held = held && condition
            #expect(condition, comment(), sourceLocation: sourceLocation)
        }
        let length = input.utf8.count
        for diagnostic in script.diagnostics {
            let range = diagnostic.range
            check(
                range.start.offset >= 0 && range.start.offset <= range.end.offset && range.end.offset <= length,
                "\(diagnostic) out of bounds in \(String(reflecting: input))"
            )
            check(range.start.line >= 1 && range.start.column >= 1)
        }
        for statement in script.statements {
            check(statement.range.end.offset <= length)
        }
        // A script that stops early always says why, unless it only ends with a `\`.
        if script.isIncomplete, !script.hasErrors {
            check(Lexer.tokenize(script.source).endsWithLineContinuation, "incomplete without a diagnostic: \(String(reflecting: input))")
        }
        _ = DiagnosticRenderer().render(script.diagnostics, in: script.source)
        _ = script.debugDescription
        return held
    }

    static func randomText(length: Int, using generator: inout SplitMix64) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Inserts, deletes, duplicates or swaps stretches of characters.
    static func mutate(_ text: String, times: Int, using generator: inout SplitMix64) -> String {
        var characters = Array(text)
        for _ in 0..<times {
            let count = characters.count
            let start = Int.random(in: 0...count, using: &generator)
            let end = min(count, start + Int.random(in: 0...12, using: &generator))
            switch Int.random(in: 0..<5, using: &generator) {
            case 0:
                characters.insert(
                    contentsOf: randomText(length: Int.random(in: 1...3, using: &generator), using: &generator),
                    at: start)
            case 1:
                characters.removeSubrange(start..<end)
            case 2:
                characters.insert(contentsOf: characters[start..<end], at: end)
            case 3:
                let other = Int.random(in: 0...count, using: &generator)
                let otherEnd = min(count, other + (end - start))
                if otherEnd <= start || other >= end {
                    let first = Array(characters[start..<end])
                    let second = Array(characters[other..<otherEnd])
                    if other >= end {
                        characters.replaceSubrange(other..<otherEnd, with: first)
                        characters.replaceSubrange(start..<end, with: second)
                    } else {
                        characters.replaceSubrange(start..<end, with: second)
                        characters.replaceSubrange(other..<otherEnd, with: first)
                    }
                }
            default:
                characters.removeSubrange(start...)
            }
        }
        return String(characters)
    }
}
