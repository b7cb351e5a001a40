/// Turns diagnostics into the text a terminal shows, compiler style.
///
/// ```
/// deploy.trib:4:9: error: unterminated string
/// let x = "abc
///         ^~~~
/// ```
///
/// The caret line repeats every tab of the source line before the range, so the caret lines up
/// however wide the terminal draws tabs; other characters count the columns a terminal gives them
/// (two for wide East Asian characters and emoji, ``TerminalText/width(of:)``). Rendering is pure: it
/// returns a string and prints nothing.
///
/// What it shows is safe for a terminal: control characters in messages and file names are
/// escaped (``TerminalText/escapingControls(_:)``), those in the source line shown as pictures
/// (`␛`), and a source line longer than ``maximumLineWidth`` characters is cut to a window around
/// the range, with `…` where text was left out; a message longer than ``maximumMessageLength``
/// characters is cut the same way.
public struct DiagnosticRenderer: Sendable {
    /// The most characters of a source line shown under a diagnostic.
    public static let maximumLineWidth = 160
    /// The most characters of a message, a note or a help line shown (a message may quote a
    /// word of the input, however long).
    public static let maximumMessageLength = 500

    /// What a quoted source line becomes before it is shown: the line itself unless told otherwise.
    let lineFilter: @Sendable (String) -> String

    /// Makes a renderer that passes each source line it quotes through `lineFilter` first.
    ///
    /// - Parameter lineFilter: a change to the line that keeps every character where it was, so
    ///   the caret still lines up; the executable masks passwords with it. Only the lines shown
    ///   go through it, however long the source.
    public init(lineFilter: @escaping @Sendable (String) -> String = { $0 }) {
        self.lineFilter = lineFilter
    }

    /// Renders several diagnostics, one after another, separated by line breaks.
    public func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
        diagnostics.map { render($0, in: source) }.joined(separator: "\n")
    }

    /// Renders one diagnostic: its header, the source line with a caret under the range, each
    /// note the same way, and the suggestion as a `help:` line. No trailing line break.
    public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        var lines = excerpt(
            label: diagnostic.severity.rawValue,
            message: diagnostic.message,
            range: diagnostic.range,
            in: source
        )
        for note in diagnostic.notes {
            if let range = note.range {
                lines += excerpt(label: "note", message: note.message, range: range, in: source)
            } else {
                lines.append("\(safe(source.name)): note: \(safe(note.message))")
            }
        }
        if let suggestion = diagnostic.suggestion {
            if let range = suggestion.range {
                lines.append("\(safe(source.name)):\(range.start.line):\(range.start.column): help: \(safe(suggestion.message))")
            } else {
                lines.append("\(safe(source.name)): help: \(safe(suggestion.message))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The header line, then the source line and its caret line when the line exists.
    private func excerpt(label: String, message: String, range: SourceRange, in source: SourceFile) -> [String] {
        let header = "\(safe(source.name)):\(range.start.line):\(range.start.column): \(label): \(safe(message))"
        guard let line = source.line(at: range.start.line) else { return [header] }
        let (shown, shownRange) = window(of: lineFilter(line), around: range)
        return [header, TerminalText.picturingControls(shown), caretLine(under: shownRange, in: shown)]
    }

    private func safe(_ text: String) -> String {
        TerminalText.escapingControls(TerminalText.shortened(text, to: Self.maximumMessageLength))
    }

    /// The line, or the part of a long line around the start of `range` with `…` at each cut
    /// end, and the range moved to match.
    func window(of line: String, around range: SourceRange) -> (String, SourceRange) {
        let width = Self.maximumLineWidth
        guard line.utf8.count > width else { return (line, range) }
        let characters = Array(line)
        guard characters.count > width else { return (line, range) }
        let start = max(range.start.column - 1, 0)
        let first = max(0, min(start - width / 4, characters.count - width))
        let last = min(characters.count, first + width)
        let lead = first > 0 ? "…" : ""
        let shown = lead + String(characters[first..<last]) + (last < characters.count ? "…" : "")
        let shift = lead.count - first
        var moved = range
        moved.start.column += shift
        if range.end.line == range.start.line {
            moved.end.column = min(range.end.column + shift, last + shift + 1)
        } else {
            // Underlined to the end of what is shown.
            moved.end = SourceLocation(offset: range.end.offset, line: range.start.line, column: last + shift + 1)
        }
        return (shown, moved)
    }

    /// `^~~~` under the part of `range` that lies on its first line, by the columns a terminal
    /// gives each character (two for `日`).
    func caretLine(under range: SourceRange, in line: String) -> String {
        let characters = Array(line)
        let startIndex = max(range.start.column - 1, 0)
        var prefix = ""
        for index in 0..<startIndex {
            if index < characters.count, characters[index] == "\t" {
                prefix.append("\t")
            } else {
                prefix += String(repeating: " ", count: index < characters.count ? Self.columns(of: characters[index]) : 1)
            }
        }
        let endIndex = range.end.line == range.start.line ? range.end.column - 1 : characters.count
        let width = (startIndex..<max(endIndex, startIndex)).reduce(0) { sum, index in
            sum + (index < characters.count ? Self.columns(of: characters[index]) : 1)
        }
        return prefix + "^" + String(repeating: "~", count: max(width - 1, 0))
    }

    /// The columns one character of the line takes as it is shown: a control as its one-column
    /// picture (``TerminalText/picturingControls(_:)``), the rest as ``TerminalText/width(of:)`` counts.
    private static func columns(of character: Character) -> Int {
        if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return 1 }
        return TerminalText.width(of: String(character))
    }
}
