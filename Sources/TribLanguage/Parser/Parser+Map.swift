extension Parser {
    /// `{key: value, "other key": value}`, with the current token at `{`; entries may stand on
    /// lines of their own.
    mutating func parseMap() throws(ParseAbort) -> Expression {
        let open = advance()
        try enterNesting(at: open.range)
        defer { nestingDepth -= 1 }
        var entries: [MapEntry] = []
        skipNewlines()
        while current.kind != .rightBrace, current.kind != .endOfFile {
            let key = try parseMapKey()
            let value = try parseExpression()
            entries.append(MapEntry(key: key, value: value))
            skipNewlines()
            guard current.kind == .comma else { break }
            advance()
            skipNewlines()
        }
        let close = try expectClosing(.rightBrace, of: open, expecting: "`,` or `}`")
        return Expression(.map(entries), at: SourceRange(from: open.range, to: close.range))
    }

    /// A key and its `:`: a name written `name:`, or a string followed by `:`.
    private mutating func parseMapKey() throws(ParseAbort) -> Expression {
        switch current.kind {
        case .word(let word) where word.hasSuffix(":") && ByteClass.isName(String(word.dropLast())):
            let token = advance()
            let nameRange = SourceRange(start: token.range.start, end: token.range.end.advanced(byASCII: -1))
            return Expression(.string([.literal(String(word.dropLast()), nameRange)]), at: nameRange)
        case .stringStart:
            let (parts, range) = try parseString()
            guard current.kind == .word(":") else {
                report(.invalidMapEntry, "expected `: ` and the value after the key, found \(current.kind)", at: current.range)
                throw ParseAbort()
            }
            advance()
            return Expression(.string(parts), at: range)
        case .word(let word) where word.hasSuffix(":") && word.utf8.count { $0 == UInt8(ascii: ":") } == 1:
            let key = String(word.dropLast())
            report(
                .invalidMapEntry,
                "`\(key)` cannot be a bare key: a key is a name (letters, digits and `_`, not starting with a digit) or a string: "
                    + "`\"\(key)\": …`",
                at: SourceRange(start: current.range.start, end: current.range.end.advanced(byASCII: -1)))
            throw ParseAbort()
        case .word(let word) where word.contains(":"):
            report(
                .invalidMapEntry,
                "`\(word)`: a map entry is `key: value`, with a space after the `:`", at: current.range)
            throw ParseAbort()
        default:
            report(
                .invalidMapEntry,
                "expected a key (`name:` or `\"text\":`) in the map, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
    }

    private mutating func skipNewlines() {
        while current.kind == .newline {
            advance()
        }
    }
}
