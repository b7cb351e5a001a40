/// Writes text the way the language's string literals spell it.
public enum StringEscaping {
    /// `text` with `"`, `\`, newline, tab and carriage return escaped; `$` too when `dollar` is
    /// set (a `$` left bare in a literal starts an interpolation).
    public static func escape(_ text: String, dollar: Bool) -> String {
        escape(text, quotes: true, dollar: dollar)
    }

    /// `text` with newline, tab and carriage return written `\n`, `\t`, `\r`; with `quotes`, `"`
    /// and `\` escaped too (a literal's text), without, left as they are (a table's cell).
    public static func escape(_ text: String, quotes: Bool, dollar: Bool) -> String {
        // By scalar: `"\r\n"` is one Character, which no case below would match.
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotes: result += "\\\""
            case "\\" where quotes: result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "$" where dollar: result += "\\$"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
