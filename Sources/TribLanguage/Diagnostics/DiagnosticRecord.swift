/// A diagnostic as plain data for JSON output, with the file name and flat positions.
///
/// The executable encodes an array of these with `JSONEncoder`; the keys are part of the
/// command-line interface: `id`, `severity`, `message`, `file`, `line`, `column`, `endLine`,
/// `endColumn`, `offset`, `endOffset`, `notes` and, when there is one, `suggestion`.
public struct DiagnosticRecord: Sendable, Hashable, Codable {
    /// A note as plain data; the position fields are absent when the note points nowhere.
    public struct NoteRecord: Sendable, Hashable, Codable {
        /// What the note says.
        public var message: String
        /// The 1-based line the note points at.
        public var line: Int?
        /// The 1-based character column the note points at.
        public var column: Int?
        /// The line just past the end of the note's range.
        public var endLine: Int?
        /// The column just past the end of the note's range.
        public var endColumn: Int?
    }

    /// A suggestion as plain data.
    public struct SuggestionRecord: Sendable, Hashable, Codable {
        /// What to tell the user.
        public var message: String
        /// The text that would replace the suggestion's range.
        public var replacement: String?
        /// The line of the text to replace.
        public var line: Int?
        /// The column of the text to replace.
        public var column: Int?
        /// The line just past the text to replace.
        public var endLine: Int?
        /// The column just past the text to replace.
        public var endColumn: Int?
    }

    /// The stable diagnostic code, such as `unterminated-string`.
    public var id: String
    /// `error` or `warning`.
    public var severity: String
    /// The message for people.
    public var message: String
    /// The source file's name.
    public var file: String
    /// The 1-based line where the range starts.
    public var line: Int
    /// The 1-based character column where the range starts.
    public var column: Int
    /// The line of the position just past the range.
    public var endLine: Int
    /// The column of the position just past the range.
    public var endColumn: Int
    /// The UTF-8 offset where the range starts.
    public var offset: Int
    /// The UTF-8 offset just past the range.
    public var endOffset: Int
    /// The attached notes, in order.
    public var notes: [NoteRecord]
    /// The suggested fix, if any.
    public var suggestion: SuggestionRecord?

    /// Flattens a diagnostic reported in the file called `file`.
    public init(_ diagnostic: Diagnostic, file: String) {
        id = diagnostic.id.rawValue
        severity = diagnostic.severity.rawValue
        message = diagnostic.message
        self.file = file
        line = diagnostic.range.start.line
        column = diagnostic.range.start.column
        endLine = diagnostic.range.end.line
        endColumn = diagnostic.range.end.column
        offset = diagnostic.range.start.offset
        endOffset = diagnostic.range.end.offset
        notes = diagnostic.notes.map { note in
            NoteRecord(
                message: note.message,
                line: note.range?.start.line,
                column: note.range?.start.column,
                endLine: note.range?.end.line,
                endColumn: note.range?.end.column
            )
        }
        suggestion = diagnostic.suggestion.map { suggestion in
            SuggestionRecord(
                message: suggestion.message,
                replacement: suggestion.replacement,
                line: suggestion.range?.start.line,
                column: suggestion.range?.start.column,
                endLine: suggestion.range?.end.line,
                endColumn: suggestion.range?.end.column
            )
        }
    }
}
