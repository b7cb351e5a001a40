import Testing
import TribLanguage

// Test sources mark positions with emoji markers, as swift-syntax's parser tests do: write
// `let x = 1️⃣"abc` and the helper strips the marker, parses, and checks that the diagnostic
// starts exactly where the marker was. `ℹ️` marks where a note points.

/// The markers a test source may contain.
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

    /// The line and column of a marker in the clean text.
    func location(of marker: Character, in source: SourceFile) -> TribLanguage.SourceLocation? {
        offsets[marker].map(source.location(at:))
    }
}

/// What a test expects of one diagnostic.
struct ExpectedDiagnostic: CustomStringConvertible {
    let id: DiagnosticID
    let marker: Character
    /// Where the range ends, when the test cares.
    let endMarker: Character?
    /// A piece of text the message must contain, when the test cares.
    let messageContains: String?
    /// Where the first note points, when the test cares.
    let noteMarker: Character?

    init(
        _ id: DiagnosticID,
        at marker: Character = "1️⃣",
        to endMarker: Character? = nil,
        message: String? = nil,
        noteAt noteMarker: Character? = nil
    ) {
        self.id = id
        self.marker = marker
        self.endMarker = endMarker
        self.messageContains = message
        self.noteMarker = noteMarker
    }

    var description: String { "\(id) at \(marker)" }
}

/// Parses a marked source and checks that it produces exactly the expected diagnostics, each at
/// its marker; returns the parse for further checks.
@discardableResult
func assertDiagnostics(
    _ marked: String,
    _ expected: [ExpectedDiagnostic],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> ParsedScript {
    let markedSource = MarkedSource(marked)
    let source = SourceFile(name: "test.trib", text: markedSource.text)
    let script = Parser.parse(source)
    #expect(
        script.diagnostics.count == expected.count,
        "expected \(expected), got \(script.diagnostics)",
        sourceLocation: sourceLocation
    )
    for expectation in expected {
        guard let location = markedSource.location(of: expectation.marker, in: source) else {
            Issue.record("marker \(expectation.marker) is not in the source", sourceLocation: sourceLocation)
            continue
        }
        let candidates = script.diagnostics.filter { $0.id == expectation.id }
        guard let found = candidates.first(where: { $0.range.start == location }) else {
            Issue.record(
                "no \(expectation.id) at \(location); got \(script.diagnostics)",
                sourceLocation: sourceLocation
            )
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
                found.notes.first?.range?.start == noteLocation,
                "note of \(expectation): \(found.notes)",
                sourceLocation: sourceLocation
            )
        }
    }
    return script
}

/// Parses a source that must be free of diagnostics and returns its S-expression tree.
func parseClean(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let script = Parser.parse(text)
    #expect(script.diagnostics.isEmpty, "unexpected diagnostics: \(script.diagnostics)", sourceLocation: sourceLocation)
    return script.debugDescription
}
