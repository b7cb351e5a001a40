extension Parser {
    /// `base[FROM:TO]`, with the current token at `[`: touching word pieces with one `:` in their
    /// bare text, each side empty, an integer (`-2` counts from the end) or an expression piece
    /// (`$n`, `${…}`, a call). `nil`, with nothing consumed, when the brackets hold no such `:`.
    /// Brackets that hold a bare `:` but not one slice (`[$a + 1:]`, `[1:2:3]`) are an `invalid-slice`.
    mutating func parseSlice(of base: Expression) throws(ParseAbort) -> Expression? {
        guard Self.startsWordPiece(token(after: 1).kind), let closing = bracketHoldingColon() else { return nil }
        let (start, reported) = (position, diagnostics.count)
        let open = advance()
        try enterNesting(at: open.range)
        defer { nestingDepth -= 1 }
        let pieces: [WordPiece]
        do {
            pieces = try parseWordPieces()
        } catch {
            position = start
            diagnostics.removeSubrange(reported...)
            return nil
        }
        guard current.kind == .rightBracket, let (lower, upper) = sliceBounds(pieces) else {
            let colons = tokens[(start + 1)..<closing].reduce(0) { count, token in
                guard case .word(let text) = token.kind else { return count }
                return count + text.utf8.count { $0 == UInt8(ascii: ":") }
            }
            let message =
                colons > 1
                ? "a slice has one `:`: `[FROM:TO]`"
                : "a slice's bounds are written without spaces, each an integer, a variable or `${…}`, or left out: `[${$a + 1}:]`"
            report(.invalidSlice, message, at: SourceRange(from: open.range, to: tokens[closing].range))
            throw ParseAbort()
        }
        let close = advance()
        var bounds: [Expression?] = []
        for side in [lower, upper] {
            guard let side else {
                bounds.append(nil)
                continue
            }
            guard let bound = sliceBound(side) else {
                let range = SourceRange(from: side[0].range, to: side[side.count - 1].range)
                report(
                    .invalidSlice, "a slice is `[FROM:TO]`, each an integer, a variable or `${…}`, or left out",
                    at: range, notes: [Diagnostic.Note("`[` here", at: open.range)])
                throw ParseAbort()
            }
            bounds.append(bound)
        }
        let slice = Expression(.slice(base: base, lower: bounds[0], upper: bounds[1]), at: SourceRange(from: base.range, to: close.range))
        try checkDepth(of: slice, at: SourceRange(from: open.range, to: close.range))
        return slice
    }

    /// The index of the `]` that closes the `[` at the current token, when a bare word between
    /// them holds a `:` (outside any inner bracket): only then is it worth reading them as a slice.
    private func bracketHoldingColon() -> Int? {
        var depth = 0
        var index = position + 1
        var holdsColon = false
        while index < tokens.count {
            switch tokens[index].kind {
            case .leftBracket, .leftParenthesis, .leftBrace, .interpolationStart, .stringStart:
                depth += 1
            case .rightBracket where depth == 0:
                return holdsColon ? index : nil
            case .newline, .semicolon, .endOfFile:
                return nil
            case .rightBracket, .rightParenthesis, .rightBrace, .stringEnd:
                depth -= 1
            case .word(let text) where depth == 0 && text.utf8.contains(UInt8(ascii: ":")):
                holdsColon = true
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The pieces before and after the one `:` of the bare text (`nil` for a side left empty), or
    /// `nil` when there is no `:`, or more than one.
    private func sliceBounds(_ pieces: [WordPiece]) -> ([WordPiece]?, [WordPiece]?)? {
        var lower: [WordPiece] = []
        var upper: [WordPiece] = []
        var colons = 0
        for piece in pieces {
            guard case .text(let text, let range) = piece, text.utf8.allSatisfy({ $0 < 0x80 }) else {
                if colons == 0 { lower.append(piece) } else { upper.append(piece) }
                continue
            }
            let bytes = Array(text.utf8)
            let found = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
            guard found.count + colons <= 1 else { return nil }
            guard let colon = found.first else {
                if colons == 0 { lower.append(piece) } else { upper.append(piece) }
                continue
            }
            colons = 1
            if colon > 0 {
                lower.append(
                    .text(String(decoding: bytes[..<colon], as: UTF8.self), SourceRange(start: range.start, end: range.start.advanced(byASCII: colon))))
            }
            if colon + 1 < bytes.count {
                upper.append(
                    .text(String(decoding: bytes[(colon + 1)...], as: UTF8.self), SourceRange(start: range.start.advanced(byASCII: colon + 1), end: range.end)))
            }
        }
        guard colons == 1 else { return nil }
        return (lower.isEmpty ? nil : lower, upper.isEmpty ? nil : upper)
    }

    /// One side of a slice: a single expression piece, or an integer, possibly negative.
    private func sliceBound(_ side: [WordPiece]) -> Expression? {
        guard side.count == 1 else { return nil }
        if case .text(let text, let range) = side[0], text.hasPrefix("-"), let value = Int(text) {
            return Expression(.integer(value), at: range)
        }
        return rangeBound(side[0])
    }
}
