/// Converts the increasing UTF-8 offsets the lexer visits into line and column numbers without
/// rescanning each line from its start.
///
/// Columns are counted from an anchor: the last visited offset that is surely a character
/// boundary (an ASCII byte, which no combining mark can precede; `\n` after `\r` excepted). Counting
/// from the last visited offset instead would be wrong where a token starts with a combining mark,
/// as in `"\u{301}…"`, whose accent joins the quote into one character.
struct LocationTracker {
    private let source: SourceFile
    private var lineIndex = 0
    private var anchorOffset = 0
    private var anchorColumn = 1

    init(source: SourceFile) {
        self.source = source
    }

    /// The location of an offset; fastest when offsets never go backwards.
    mutating func location(at requested: Int) -> SourceLocation {
        let starts = source.lineStarts
        let target = min(max(requested, 0), source.utf8.count)
        let location: SourceLocation
        if target < anchorOffset {
            location = source.location(at: target)
            lineIndex = location.line - source.firstLine
        } else {
            if lineIndex + 1 < starts.count, starts[lineIndex + 1] <= target {
                lineIndex = source.lineIndex(containing: target)
                anchorOffset = starts[lineIndex]
                anchorColumn = 1
            }
            let column = anchorColumn + source.characterCount(from: anchorOffset, to: target)
            location = SourceLocation(offset: target, line: lineIndex + source.firstLine, column: column)
        }
        if isCharacterBoundary(target) {
            anchorOffset = target
            anchorColumn = location.column
        }
        return location
    }

    private func isCharacterBoundary(_ offset: Int) -> Bool {
        let bytes = source.utf8
        guard offset < bytes.count else { return true }
        if bytes[offset] >= 0x80 { return false }
        return !(bytes[offset] == UInt8(ascii: "\n") && offset > 0 && bytes[offset - 1] == UInt8(ascii: "\r"))
    }
}
