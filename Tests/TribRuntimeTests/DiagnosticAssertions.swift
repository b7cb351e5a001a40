import Testing
import TribLanguage
import TribRuntime

// As in TribLanguageTests (whose helpers a test target cannot import): test sources mark
// positions with emoji markers; the helper strips them, runs the script, and checks that each
// diagnostic starts (and, when asked, ends) exactly at its marker. `ℹ️` marks where a note points.

let positionMarkers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "ℹ️"]

/// A source text with its markers removed, and the UTF-8 offset of each marker in the clean text.
struct MarkedSource {
    let text: String
    let offsets: [Character: Int]

    init(_ marked: String) {
        var text = ""
        var offsets: [Character: Int] = [:]
        for character in marked {
            if positionMarkers.contains(character) {
                offsets[character] = text.utf8.count
            } else {
                text.append(character)
            }
        }
        self.text = text
        self.offsets = offsets
    }

    func location(of marker: Character, in source: SourceFile) -> TribLanguage.SourceLocation? {
        offsets[marker].map(source.location(at:))
    }
}

/// What a test expects of one diagnostic.
struct ExpectedDiagnostic: CustomStringConvertible {
    let id: DiagnosticID
    let marker: Character
    let endMarker: Character?
    let messageContains: String?
    let noteMarker: Character?
    let suggestion: String?

    init(
        _ id: DiagnosticID,
        at marker: Character = "1️⃣",
        to endMarker: Character? = nil,
        message: String? = nil,
        noteAt noteMarker: Character? = nil,
        suggestion: String? = nil
    ) {
        self.id = id
        self.marker = marker
        self.endMarker = endMarker
        self.messageContains = message
        self.noteMarker = noteMarker
        self.suggestion = suggestion
    }

    var description: String { "\(id) at \(marker)" }
}

/// Runs a marked script in `harness` and checks that it reports exactly the expected diagnostics
/// (in the script's own file), each at its marker.
@discardableResult
func assertRuntimeDiagnostics(
    _ marked: String,
    _ expected: [ExpectedDiagnostic],
    in harness: RuntimeHarness = RuntimeHarness(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) async -> [Diagnostic] {
    let markedSource = MarkedSource(marked)
    let source = SourceFile(name: "test.trib", text: markedSource.text)
    let before = harness.log.diagnostics.count
    let succeeded = await harness.interpreter.run(source)
    let diagnostics = harness.log.diagnostics.dropFirst(before)
    #expect(succeeded == expected.isEmpty, "run result", sourceLocation: sourceLocation)
    #expect(diagnostics.count == expected.count, "expected \(expected), got \(diagnostics)", sourceLocation: sourceLocation)
    for expectation in expected {
        guard let location = markedSource.location(of: expectation.marker, in: source) else {
            Issue.record("marker \(expectation.marker) is not in the source", sourceLocation: sourceLocation)
            continue
        }
        guard let found = diagnostics.first(where: { $0.id == expectation.id && $0.range.start == location }) else {
            Issue.record("no \(expectation.id) at \(location); got \(diagnostics)", sourceLocation: sourceLocation)
            continue
        }
        if let endMarker = expectation.endMarker, let end = markedSource.location(of: endMarker, in: source) {
            #expect(found.range.end == end, "range end of \(expectation)", sourceLocation: sourceLocation)
        }
        if let fragment = expectation.messageContains {
            #expect(found.message.contains(fragment), "message: \(found.message)", sourceLocation: sourceLocation)
        }
        if let noteMarker = expectation.noteMarker {
            let noteLocation = markedSource.location(of: noteMarker, in: source)
            #expect(
                found.notes.contains { $0.range?.start == noteLocation },
                "notes of \(expectation): \(found.notes)",
                sourceLocation: sourceLocation
            )
        }
        if let suggestion = expectation.suggestion {
            #expect(found.suggestion?.replacement == suggestion, "suggestion: \(String(describing: found.suggestion))", sourceLocation: sourceLocation)
        }
    }
    return Array(diagnostics)
}
