extension Parser {
    /// One piece of a word before the word is classified.
    enum WordPiece {
        /// Bare text from a word token.
        case text(String, SourceRange)
        /// A variable (with attributes and indexes), a call, or an `${…}` interpolation.
        case expression(Expression)
        /// A double-quoted string.
        case string([TextPart], SourceRange)

        var range: SourceRange {
            switch self {
            case .text(_, let range), .string(_, let range): range
            case .expression(let expression): expression.range
            }
        }
    }

    /// Whether a token can be a piece of a word: touching pieces make one word, shell style.
    static func startsWordPiece(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .word, .variable, .stringStart, .interpolationStart: true
        default: false
        }
    }

    /// Touching word pieces, made into one expression: a single bare piece is classified as a
    /// literal (integer, range, address, flag, boolean, `nil` or word), a single other piece is
    /// itself, and several pieces make a range (`$lo-$hi`) or an interpolated word.
    mutating func parseWord() throws(ParseAbort) -> Expression {
        makeWord(from: try parseWordPieces())
    }

    /// The touching pieces of one word, unmade.
    mutating func parseWordPieces() throws(ParseAbort) -> [WordPiece] {
        var pieces: [WordPiece] = []
        repeat {
            switch current.kind {
            case .word(let text):
                let token = advance()
                let isCall = current.kind == .leftParenthesis && touchesPrevious(position)
                if pieces.isEmpty, isCall, ByteClass.isCommandName(text) {
                    let call = try parseCall(name: Identifier(text, at: token.range))
                    pieces.append(.expression(try parsePostfix(call)))
                } else {
                    pieces.append(.text(text, token.range))
                }
            case .variable(let name):
                let token = advance()
                pieces.append(.expression(try parsePostfix(Expression(.variable(name), at: token.range))))
            case .interpolationStart:
                pieces.append(.expression(try parseInterpolation()))
            case .stringStart:
                let (parts, range) = try parseString()
                pieces.append(.string(parts, range))
            default:
                report(.expectedExpression, "expected an expression, found \(current.kind)", at: current.range)
                throw ParseAbort()
            }
        } while touchesPrevious(position) && Self.startsWordPiece(current.kind)
        return pieces
    }

    /// `${ expression }`, with the current token at `${`; `${name}` is the variable `$name`.
    private mutating func parseInterpolation() throws(ParseAbort) -> Expression {
        let (expression, _) = try parseEnclosedExpression(closedBy: .rightBrace, spelled: "`${ }`")
        // `${name}` means the variable, as in a shell: a bare word there would be a constant.
        if case .word(let name) = expression.kind, ByteClass.isName(name) {
            return Expression(.variable(name), at: expression.range)
        }
        return expression
    }

    /// A double-quoted string, with the current token at its opening quote.
    mutating func parseString() throws(ParseAbort) -> ([TextPart], SourceRange) {
        let open = advance()
        stringDepth += 1
        defer { stringDepth -= 1 }
        var parts: [TextPart] = []
        while true {
            switch current.kind {
            case .stringText(let text):
                let token = advance()
                parts.append(.literal(text, token.range))
            case .variable(let name):
                let token = advance()
                parts.append(.expression(try parseAttributes(of: Expression(.variable(name), at: token.range))))
            case .interpolationStart:
                parts.append(.expression(try parseInterpolation()))
            case .stringEnd:
                let close = advance()
                return (parts, SourceRange(from: open.range, to: close.range))
            default:
                // Only the end of the input can interrupt a string, and the lexer reported it.
                throw ParseAbort()
            }
        }
    }

    private mutating func makeWord(from pieces: [WordPiece]) -> Expression {
        guard let first = pieces.first, let last = pieces.last else {
            return Expression(.word(""), at: SourceRange(at: current.range.start))
        }
        if pieces.count == 1 {
            switch first {
            case .text(let text, let range): return classify(text, at: range)
            case .expression(let expression): return expression
            case .string(let parts, let range): return Expression(.string(parts), at: range)
            }
        }
        let range = SourceRange(from: first.range, to: last.range)
        if let rangeExpression = makeRange(from: pieces, at: range) {
            return rangeExpression
        }
        var parts: [TextPart] = []
        for piece in pieces {
            switch piece {
            case .text(let text, let range): parts.append(.literal(text, range))
            case .expression(let expression): parts.append(.expression(expression))
            case .string(let stringParts, _): parts += stringParts
            }
        }
        return Expression(.interpolatedWord(parts), at: range)
    }

    /// A range from several pieces holding exactly one `-`, with exactly one integer or
    /// expression on each side: `$lo-$hi`, `0-$n`, `$start-100`, `${a}-${b}`.
    private mutating func makeRange(from pieces: [WordPiece], at range: SourceRange) -> Expression? {
        var lower: [WordPiece] = []
        var upper: [WordPiece] = []
        var dashes = 0
        for piece in pieces {
            switch piece {
            case .string:
                return nil
            case .expression:
                if dashes == 0 { lower.append(piece) } else { upper.append(piece) }
            case .text(let text, let textRange):
                let bytes = Array(text.utf8)
                let dashIndices = bytes.indices.filter { bytes[$0] == UInt8(ascii: "-") }
                guard dashIndices.count + dashes <= 1 else { return nil }
                guard let dash = dashIndices.first else {
                    if dashes == 0 { lower.append(piece) } else { upper.append(piece) }
                    continue
                }
                dashes = 1
                // Split offsets are exact only for ASCII, and only digits can be bounds anyway.
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
                if dash > 0 {
                    let before = String(decoding: bytes[..<dash], as: UTF8.self)
                    lower.append(
                        .text(before, SourceRange(start: textRange.start, end: textRange.start.advanced(byASCII: dash)))
                    )
                }
                if dash + 1 < bytes.count {
                    let after = String(decoding: bytes[(dash + 1)...], as: UTF8.self)
                    upper.append(
                        .text(
                            after, SourceRange(start: textRange.start.advanced(byASCII: dash + 1), end: textRange.end)))
                }
            }
        }
        guard dashes == 1, lower.count == 1, upper.count == 1,
            let lowerBound = rangeBound(lower[0]), let upperBound = rangeBound(upper[0])
        else { return nil }
        return Expression(.range(lower: lowerBound, upper: upperBound), at: range)
    }

    func rangeBound(_ piece: WordPiece) -> Expression? {
        switch piece {
        case .expression(let expression):
            return expression
        case .text(let text, let range):
            guard !text.isEmpty, text.utf8.allSatisfy(ByteClass.isDigit), let value = Int(text) else { return nil }
            return Expression(.integer(value), at: range)
        case .string:
            return nil
        }
    }
}
