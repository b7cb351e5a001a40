/// A position in a source text.
///
/// `offset` counts UTF-8 bytes from the start of the text, which is what editors and JSON
/// consumers index by; `line` and `column` are what people read, both 1-based, with the column
/// counted in characters (grapheme clusters), so `é` or `👍🏽` is one column.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The UTF-8 byte offset from the start of the text.
    public var offset: Int
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters.
    public var column: Int

    /// Makes a location from its parts.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// The very start of a text: offset 0, line 1, column 1.
    public static let startOfText = SourceLocation(offset: 0, line: 1, column: 1)

    /// The location `count` ASCII characters further along the same line.
    ///
    /// Only valid when the skipped text is ASCII and contains no line break, as inside a
    /// number or an address, where bytes and characters coincide.
    func advanced(byASCII count: Int) -> SourceLocation {
        SourceLocation(offset: offset + count, line: line, column: column + count)
    }

    /// Orders locations by their offset in the text.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}
