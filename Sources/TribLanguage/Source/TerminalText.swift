/// Text from users and servers made safe to write to a terminal.
///
/// A host name, a script line or a server's reply may hold escape sequences (`ESC [ 2 J` clears
/// the screen, others retitle the window or rewrite what was shown); every message rendering
/// passes such text through here, so it is shown and never obeyed.
public enum TerminalText {
    /// `text` with every control character but line feed and tab written as `\u{1B}`: C0
    /// controls, DEL, and the C1 controls U+0080…U+009F (U+009B starts an escape sequence on
    /// some terminals, as `ESC [` does).
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `line` with every control character but tab replaced by its one-column picture (`␛` for
    /// ESC, `␀` for NUL, `␡` for DEL, `�` for a C1 control), so a caret under the line still
    /// lines up.
    public static func picturingControls(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { isEscaped($0) || $0 == "\n" }) else { return line }
        var result = ""
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x09:
                result.unicodeScalars.append(scalar)
            case 0x00...0x1F:
                result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case 0x7F:
                result += "\u{2421}"
            case 0x80...0x9F:
                result += "\u{FFFD}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` cut to its first `limit` characters and `…` when it is longer: a message that
    /// quotes a 60 KB word from the input need not repeat it whole.
    public static func shortened(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < limit {
            text.formIndex(after: &end)
            count += 1
        }
        return end == text.endIndex ? text : String(text[..<end]) + "…"
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
