/// Writes text the way the language's string literals spell it.
public enum StringEscaping {
    /// `text` with `"`, `\`, newline, tab and carriage return escaped; `$` too when `dollar` is
    /// set (a `$` left bare in a literal starts an interpolation).
    public static func escape(_ text: String, dollar: Bool) -> String {
        // By scalar: `"\r\n"` is one Character, which no case below would match.
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
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
