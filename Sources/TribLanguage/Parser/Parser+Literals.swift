extension Parser {
    /// What a bare word is, decided by its shape alone:
    ///
    /// - `true`, `false`, `nil`
    /// - an integer: `42`, `-1`
    /// - a range: two integers joined by one `-` with no spaces, `4-7`
    /// - an address: `HOST:PORT` with a host of letters, digits, `.`, `-` and `_`, or `[IPV6]:PORT`
    /// - a flag: `-` and a letter, or `--` and more, `-v`, `--replace`
    /// - otherwise a word, used as text.
    ///
    /// Literals that have the shape but not a valid value (an integer too large, a range going
    /// down, a port out of 1…65535) are reported and kept as words.
    mutating func classify(_ text: String, at range: SourceRange) -> Expression {
        switch Keyword(rawValue: text) {
        case .true: return Expression(.boolean(true), at: range)
        case .false: return Expression(.boolean(false), at: range)
        case .nil: return Expression(.nilLiteral, at: range)
        default: break
        }
        let bytes = Array(text.utf8)
        let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        if !digits.isEmpty, digits.allSatisfy(ByteClass.isDigit) {
            guard let value = Int(text) else {
                report(.integerOverflow, "`\(text)` is too large for an integer", at: range)
                return Expression(.word(text), at: range)
            }
            return Expression(.integer(value), at: range)
        }
        if let rangeLiteral = classifyRange(bytes, text: text, at: range) {
            return rangeLiteral
        }
        if let address = classifyAddress(bytes, text: text, at: range) {
            return address
        }
        let isShortFlag = bytes.count >= 2 && bytes[0] == UInt8(ascii: "-") && ByteClass.isLetter(bytes[1])
        let isLongFlag = bytes.count >= 3 && bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "-")
        if isShortFlag || isLongFlag {
            return Expression(.flag(text), at: range)
        }
        return Expression(.word(text), at: range)
    }

    /// `LOWER-UPPER`, both plain unsigned integers.
    private mutating func classifyRange(_ bytes: [UInt8], text: String, at range: SourceRange) -> Expression? {
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash > 0, dash + 1 < bytes.count,
            bytes[..<dash].allSatisfy(ByteClass.isDigit), bytes[(dash + 1)...].allSatisfy(ByteClass.isDigit)
        else { return nil }
        let lowerText = String(decoding: bytes[..<dash], as: UTF8.self)
        let upperText = String(decoding: bytes[(dash + 1)...], as: UTF8.self)
        guard let lower = Int(lowerText), let upper = Int(upperText) else {
            report(.integerOverflow, "a bound of the range `\(text)` is too large for an integer", at: range)
            return Expression(.word(text), at: range)
        }
        if lower > upper {
            report(
                .invalidRange,
                "the range `\(text)` is empty: its lower bound is above its upper bound",
                at: range,
                suggestion: Suggestion("write `\(upper)-\(lower)`", replacing: range, with: "\(upper)-\(lower)")
            )
        }
        let lowerRange = SourceRange(start: range.start, end: range.start.advanced(byASCII: dash))
        let upperRange = SourceRange(start: range.start.advanced(byASCII: dash + 1), end: range.end)
        return Expression(
            .range(
                lower: Expression(.integer(lower), at: lowerRange), upper: Expression(.integer(upper), at: upperRange)),
            at: range
        )
    }

    /// `HOST:PORT` or `[IPV6]:PORT`.
    private mutating func classifyAddress(_ bytes: [UInt8], text: String, at range: SourceRange) -> Expression? {
        let host: String
        let portStart: Int
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1, close + 1 < bytes.count,
                bytes[close + 1] == UInt8(ascii: ":")
            else { return nil }
            host = String(decoding: bytes[1..<close], as: UTF8.self)
            portStart = close + 2
        } else {
            guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")), colon > 0,
                bytes[..<colon].allSatisfy({ byte in
                    ByteClass.isLetter(byte) || ByteClass.isDigit(byte) || byte == UInt8(ascii: ".")
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                })
            else { return nil }
            host = String(decoding: bytes[..<colon], as: UTF8.self)
            portStart = colon + 1
        }
        guard portStart < bytes.count, bytes[portStart...].allSatisfy(ByteClass.isDigit) else { return nil }
        let portText = String(decoding: bytes[portStart...], as: UTF8.self)
        guard let port = Int(portText), (1...65535).contains(port) else {
            let portRange = SourceRange(start: range.start.advanced(byASCII: portStart), end: range.end)
            report(.invalidAddress, "the port \(portText) of `\(text)` is not in 1…65535", at: portRange)
            return Expression(.word(text), at: range)
        }
        return Expression(.address(host: host, port: port), at: range)
    }
}
