/// One problem found in a script, with where it is and what might help.
///
/// The lexer and parser produce these; the runtime makes its own with the general initializer
/// (unknown variable, unknown command with a did-you-mean ``Suggestion``, a failed operation with
/// a note naming the loop iteration). ``DiagnosticRenderer`` turns them into text and
/// ``DiagnosticRecord`` into JSON.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The script cannot run (parse errors) or stopped (runtime errors).
        case error
        /// The script runs, but probably not as meant.
        case warning
    }

    /// Extra context attached to a diagnostic, such as "block opened here".
    public struct Note: Sendable, Hashable {
        /// What the note says.
        public var message: String
        /// Where it points, if anywhere.
        public var range: SourceRange?

        /// Makes a note.
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// The stable code that tests and JSON consumers match.
    public var id: DiagnosticID
    /// Error or warning.
    public var severity: Severity
    /// One sentence for people; may change between versions, unlike ``id``.
    public var message: String
    /// The text the diagnostic is about; empty when it marks a point.
    public var range: SourceRange
    /// Context elsewhere in the source, in the order shown.
    public var notes: [Note]
    /// A fix to offer, such as "did you mean `migrate_slots`?".
    public var suggestion: Suggestion?

    /// Makes a diagnostic.
    public init(
        _ id: DiagnosticID,
        severity: Severity = .error,
        _ message: String,
        at range: SourceRange,
        notes: [Note] = [],
        suggestion: Suggestion? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.suggestion = suggestion
    }

    /// `LINE:COLUMN: SEVERITY: MESSAGE [ID]`, for logs and test failures.
    public var description: String {
        "\(range.start): \(severity.rawValue): \(message) [\(id)]"
    }
}
