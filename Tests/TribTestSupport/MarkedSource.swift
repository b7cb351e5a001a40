import Testing
import TribLanguage

// Test sources mark positions with emoji markers, as swift-syntax's parser tests do: write
// `let x = 1️⃣"abc` and the helper strips the marker, runs the source, and checks that the
// diagnostic starts exactly where the marker was. `ℹ️` marks where a note points.

/// The markers a test source may contain.
public let positionMarkers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "ℹ️"]

/// A source text with its markers removed, and the UTF-8 offset of each marker in the clean text.
public struct MarkedSource: Sendable {
    /// The text without markers.
    public let text: String
    /// Where each marker stood, as a UTF-8 offset into ``text``.
    public let offsets: [Character: Int]

    /// Strips the markers of `marked`.
    public init(_ marked: String) {
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
    public func location(of marker: Character, in source: SourceFile) -> TribLanguage.SourceLocation? {
        offsets[marker].map(source.location(at:))
    }
}

/// What a test expects of one diagnostic.
public struct ExpectedDiagnostic: CustomStringConvertible, Sendable {
    /// The diagnostic's id.
    public let id: DiagnosticID
    /// Where its range starts.
    public let marker: Character
    /// Where the range ends, when the test cares.
    public let endMarker: Character?
    /// A piece of text the message must contain, when the test cares.
    public let messageContains: String?
    /// Where a note points, when the test cares.
    public let noteMarker: Character?
    /// The replacement its suggestion proposes, when the test cares.
    public let suggestion: String?

    /// Makes an expectation.
    public init(
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

    public var description: String { "\(id) at \(marker)" }
}

/// Which note an expectation's note marker is checked against.
public enum NoteMatch: Sendable {
    /// The first note must point there.
    case first
    /// Some note must point there.
    case any
}

/// Checks that `diagnostics` are exactly the expected ones, each at its marker in `marked`.
public func checkDiagnostics(
    _ diagnostics: [Diagnostic],
    _ expected: [ExpectedDiagnostic],
    marked: MarkedSource,
    source: SourceFile,
    notes: NoteMatch,
    sourceLocation: Testing.SourceLocation
) {
    #expect(diagnostics.count == expected.count, "expected \(expected), got \(diagnostics)", sourceLocation: sourceLocation)
    for expectation in expected {
        guard let location = marked.location(of: expectation.marker, in: source) else {
            Issue.record("marker \(expectation.marker) is not in the source", sourceLocation: sourceLocation)
            continue
        }
        guard let found = diagnostics.first(where: { $0.id == expectation.id && $0.range.start == location }) else {
            Issue.record("no \(expectation.id) at \(location); got \(diagnostics)", sourceLocation: sourceLocation)
            continue
        }
        if let endMarker = expectation.endMarker, let end = marked.location(of: endMarker, in: source) {
            #expect(found.range.end == end, "range end of \(expectation)", sourceLocation: sourceLocation)
        }
        if let fragment = expectation.messageContains {
            #expect(found.message.contains(fragment), "message: \(found.message)", sourceLocation: sourceLocation)
        }
        if let noteMarker = expectation.noteMarker {
            let noteLocation = marked.location(of: noteMarker, in: source)
            let matches =
                switch notes {
                case .first: found.notes.first?.range?.start == noteLocation
                case .any: found.notes.contains { $0.range?.start == noteLocation }
                }
            #expect(matches, "notes of \(expectation): \(found.notes)", sourceLocation: sourceLocation)
        }
        if let suggestion = expectation.suggestion {
            #expect(
                found.suggestion?.replacement == suggestion,
                "suggestion: \(String(describing: found.suggestion))",
                sourceLocation: sourceLocation
            )
        }
    }
}
