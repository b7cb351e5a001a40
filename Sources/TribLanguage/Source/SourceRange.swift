/// A half-open stretch of source text: `start` is the first character, `end` is just past the last.
///
/// An empty range (`start == end`) marks a point, such as the end of the input where something
/// was expected.
public struct SourceRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first character of the range.
    public var start: SourceLocation
    /// The location just past the last character of the range.
    public var end: SourceLocation

    /// Makes a range from its bounds; `end` must not come before `start`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at one location.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    /// The range from the start of `first` to the end of `last`.
    public init(from first: SourceRange, to last: SourceRange) {
        self.init(start: first.start, end: last.end)
    }

    /// Whether the range covers no characters.
    public var isEmpty: Bool { start.offset == end.offset }

    /// The number of UTF-8 bytes the range covers.
    public var utf8Length: Int { end.offset - start.offset }

    /// `LINE:COLUMN-LINE:COLUMN`.
    public var description: String { "\(start)-\(end)" }
}
