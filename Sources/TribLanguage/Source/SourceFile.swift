/// A named source text with a table of where each line starts.
///
/// The lexer, the diagnostic renderer and the runtime all look positions up here; it never reads
/// a file itself (`name` is only a label, such as a path or `<stdin>`).
public struct SourceFile: Sendable, Hashable {
    /// The label shown in diagnostics, such as a path or `<repl>`.
    public let name: String
    /// The full source text.
    public let text: String
    /// The UTF-8 offset at which each line starts; the first element is always 0.
    public let lineStarts: [Int]
    /// The number the text's first line has in diagnostics: 1, except for a piece of a longer
    /// input, such as one statement of standard input read as it arrives.
    public let firstLine: Int
    /// The text as UTF-8 bytes, which is what the lexer scans.
    let utf8: [UInt8]

    /// Makes a source file from a label and its text, whose first line is numbered `firstLine`.
    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = max(1, firstLine)
        let bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.utf8 = bytes
        self.lineStarts = starts
    }

    /// The number of lines; a text ending in a newline has an empty last line.
    public var lineCount: Int { lineStarts.count }

    /// The location just past the last character of the text.
    public var endLocation: SourceLocation { location(at: utf8.count) }

    /// The text of a line, without its line terminator (`\n` or `\r\n`), or `nil` when there is
    /// no such line.
    ///
    /// - Parameter number: the line number (1-based, or from ``firstLine``).
    public func line(at number: Int) -> String? {
        let lineNumber = number - firstLine + 1
        guard lineNumber >= 1, lineNumber <= lineStarts.count else { return nil }
        let start = lineStarts[lineNumber - 1]
        var end = lineNumber < lineStarts.count ? lineStarts[lineNumber] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r"), lineNumber < lineStarts.count {
            end -= 1
        }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The number of the line containing a UTF-8 offset (offsets past the end belong to the last
    /// line), counted from ``firstLine``.
    public func lineNumber(containing offset: Int) -> Int {
        lineIndex(containing: offset) + firstLine
    }

    /// The 0-based index in ``lineStarts`` of the line containing a UTF-8 offset.
    func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    /// The line and character column of a UTF-8 offset, which is clamped to the text.
    public func location(at offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), utf8.count)
        let index = lineIndex(containing: clamped)
        let column = 1 + characterCount(from: lineStarts[index], to: clamped)
        return SourceLocation(offset: clamped, line: index + firstLine, column: column)
    }

    /// The text a range covers.
    public func text(in range: SourceRange) -> String {
        let start = min(max(range.start.offset, 0), utf8.count)
        let end = min(max(range.end.offset, start), utf8.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The number of characters between two UTF-8 offsets.
    func characterCount(from start: Int, to end: Int) -> Int {
        guard end > start else { return 0 }
        // Pure ASCII is one character a byte, except `\r\n`, which never occurs inside a line.
        var isASCII = true
        for byte in utf8[start..<end] where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII { return end - start }
        return String(decoding: utf8[start..<end], as: UTF8.self).count
    }
}
