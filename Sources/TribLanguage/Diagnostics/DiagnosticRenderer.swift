/// Turns diagnostics into the text a terminal shows, compiler style.
///
/// ```
/// deploy.trib:4:9: error: unterminated string
/// let x = "abc
///         ^~~~
/// ```
///
/// The caret line repeats every tab of the source line before the range, so the caret lines up
/// however wide the terminal draws tabs; other characters count one column each (wide East Asian
/// characters and emoji may therefore shift the caret on some terminals). Rendering is pure: it
/// returns a string and prints nothing.
public struct DiagnosticRenderer: Sendable {
    /// Makes a renderer.
    public init() {}

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
                lines.append("\(source.name): note: \(note.message)")
            }
        }
        if let suggestion = diagnostic.suggestion {
            if let range = suggestion.range {
                lines.append("\(source.name):\(range.start.line):\(range.start.column): help: \(suggestion.message)")
            } else {
                lines.append("\(source.name): help: \(suggestion.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The header line, then the source line and its caret line when the line exists.
    private func excerpt(label: String, message: String, range: SourceRange, in source: SourceFile) -> [String] {
        let header = "\(source.name):\(range.start.line):\(range.start.column): \(label): \(message)"
        guard let line = source.line(at: range.start.line) else { return [header] }
        return [header, line, caretLine(under: range, in: line)]
    }

    /// `^~~~` under the part of `range` that lies on its first line.
    func caretLine(under range: SourceRange, in line: String) -> String {
        let characters = Array(line)
        let startIndex = max(range.start.column - 1, 0)
        var prefix = ""
        for index in 0..<startIndex {
            prefix.append(index < characters.count && characters[index] == "\t" ? "\t" : " ")
        }
        let width: Int
        if range.end.line == range.start.line {
            width = range.end.column - range.start.column
        } else {
            width = characters.count - startIndex
        }
        return prefix + "^" + String(repeating: "~", count: max(width - 1, 0))
    }
}
