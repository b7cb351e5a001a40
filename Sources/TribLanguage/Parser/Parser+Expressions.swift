extension Parser {
    /// A full expression, with every operator.
    mutating func parseExpression() throws(ParseAbort) -> Expression {
        let expression = try parseBinary(minimumPrecedence: 1)
        try rejectUnspacedOperator()
        return expression
    }

    /// Precedence climbing over ``BinaryOperator/precedence``; comparisons do not chain.
    private mutating func parseBinary(minimumPrecedence: Int) throws(ParseAbort) -> Expression {
        var left = try parseUnary()
        var previousWasComparison = false
        while let op = binaryOperatorAtCurrent(), op.precedence >= minimumPrecedence {
            let operatorToken = advance()
            if op.isComparison, previousWasComparison {
                report(
                    .chainedComparison,
                    "comparisons cannot be chained; join them with `&&`",
                    at: operatorToken.range
                )
            }
            previousWasComparison = op.isComparison
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = Expression(.binary(op, left, right), at: SourceRange(from: left.range, to: right.range))
            try checkDepth(of: left, at: operatorToken.range)
        }
        return left
    }

    /// The binary operator at the current token, if it is one. `in` and the arithmetic operators
    /// are words, and only count when they stand apart: a space before, and no word piece
    /// touching after (`$a - $b` subtracts, `$a-$b` is a range).
    private func binaryOperatorAtCurrent() -> BinaryOperator? {
        switch current.kind {
        case .or: return .or
        case .and: return .and
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        case .word(let word):
            guard let op = BinaryOperator.spacedOperators[word], !touchesPrevious(position) else { return nil }
            if touchesPrevious(position + 1), Self.startsWordPiece(token(after: 1).kind) {
                return nil
            }
            return op
        default:
            return nil
        }
    }

    /// Reports an arithmetic operator that is missing its spaces, such as `$a -1` or `$a -$b`,
    /// where the expression has ended and the operator would otherwise be a confusing leftover.
    private mutating func rejectUnspacedOperator() throws(ParseAbort) {
        guard case .word(let word) = current.kind, let first = word.utf8.first,
            "+-*/%".utf8.contains(first)
        else { return }
        let rest = word.utf8.dropFirst()
        let isOperatorBeforeTouchingOperand = rest.isEmpty
        let isSignedNumber = rest.first.map(ByteClass.isDigit) ?? false
        guard isOperatorBeforeTouchingOperand || isSignedNumber else { return }
        let symbol = String(decoding: [first], as: UTF8.self)
        let operatorRange = SourceRange(start: current.range.start, end: current.range.start.advanced(byASCII: 1))
        report(
            .operatorSpacing,
            "put a space on both sides of `\(symbol)` to use it as an operator (`a \(symbol) b`)"
                + (symbol == "-" ? "; without spaces, `a-b` is a range" : ""),
            at: operatorRange
        )
        throw ParseAbort()
    }

    /// `!operand`, or a primary expression.
    private mutating func parseUnary() throws(ParseAbort) -> Expression {
        guard current.kind == .not else { return try parsePrimary() }
        let operatorToken = advance()
        try enterNesting(at: operatorToken.range)
        defer { nestingDepth -= 1 }
        let operand = try parseUnary()
        return Expression(.unary(.not, operand), at: SourceRange(from: operatorToken.range, to: operand.range))
    }

    /// A command argument: a primary expression with its postfix forms, but no operators.
    mutating func parseArgument() throws(ParseAbort) -> Expression {
        try parsePrimary()
    }

    /// A word, a string, `( expression )`, `[ list ]` or `{ map }`, with the postfix forms after it.
    private mutating func parsePrimary() throws(ParseAbort) -> Expression {
        switch current.kind {
        case .leftParenthesis:
            let open = current
            var (inner, close) = try parseEnclosedExpression(closedBy: .rightParenthesis, spelled: "`( )`")
            inner.range = SourceRange(from: open.range, to: close.range)
            return try parsePostfix(inner)
        case .leftBracket:
            return try parsePostfix(try parseList())
        case .leftBrace:
            return try parsePostfix(try parseMap())
        case let kind where Self.startsWordPiece(kind):
            return try parseWord()
        default:
            report(.expectedExpression, "expected an expression, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
    }

    /// `[a, b, c]`.
    private mutating func parseList() throws(ParseAbort) -> Expression {
        let open = current
        let (elements, close) = try parseCommaSeparated(closedBy: .rightBracket)
        return Expression(.list(elements), at: SourceRange(from: open.range, to: close.range))
    }

    /// `NAME(arguments, …)`, with the current token at `(`.
    mutating func parseCall(name: Identifier) throws(ParseAbort) -> Expression {
        let (arguments, close) = try parseCommaSeparated(closedBy: .rightParenthesis)
        return Expression(.call(name: name, arguments: arguments), at: SourceRange(from: name.range, to: close.range))
    }

    /// An opener (the current token), comma-separated expressions with an optional trailing
    /// comma, and `closer`; returns the expressions and the closing token.
    private mutating func parseCommaSeparated(closedBy closer: Token.Kind) throws(ParseAbort) -> ([Expression], Token) {
        let open = advance()
        try enterNesting(at: open.range)
        defer { nestingDepth -= 1 }
        var elements: [Expression] = []
        while current.kind != closer, current.kind != .endOfFile {
            elements.append(try parseExpression())
            guard current.kind == .comma else { break }
            advance()
        }
        let close = try expectClosing(closer, of: open, expecting: "`,` or \(closer)")
        return (elements, close)
    }

    /// An opener (the current token), one expression, and `closer`: `( … )`, `${ … }`, `[ … ]`
    /// after an indexed value. Returns the expression and the closing token.
    mutating func parseEnclosedExpression(closedBy closer: Token.Kind, spelled spelling: String) throws(ParseAbort)
        -> (Expression, Token)
    {
        let open = advance()
        try enterNesting(at: open.range)
        defer { nestingDepth -= 1 }
        guard current.kind != closer else {
            report(.expectedExpression, "expected an expression inside \(spelling)", at: current.range)
            throw ParseAbort()
        }
        let expression = try parseExpression()
        let close = try expectClosing(closer, of: open, expecting: "\(closer)")
        return (expression, close)
    }

    /// `.name` attributes and touching `[index]` after an expression.
    mutating func parsePostfix(_ base: Expression) throws(ParseAbort) -> Expression {
        var result = base
        while true {
            if case .attribute = current.kind {
                result = try parseAttributes(of: result)
            } else if current.kind == .leftBracket, touchesPrevious(position) {
                result = try parseIndex(of: result)
            } else {
                return result
            }
        }
    }

    /// `.name.name…` after an expression (all that strings allow after a variable).
    mutating func parseAttributes(of base: Expression) throws(ParseAbort) -> Expression {
        var result = base
        while case .attribute(let name) = current.kind {
            let token = advance()
            let nameRange = SourceRange(start: token.range.start.advanced(byASCII: 1), end: token.range.end)
            result = Expression(
                .attribute(base: result, name: Identifier(name, at: nameRange)),
                at: SourceRange(from: result.range, to: token.range)
            )
            try checkDepth(of: result, at: token.range)
        }
        return result
    }

    private mutating func parseIndex(of base: Expression) throws(ParseAbort) -> Expression {
        if let slice = try parseSlice(of: base) {
            return slice
        }
        let open = current
        let (index, close) = try parseEnclosedExpression(closedBy: .rightBracket, spelled: "`[ ]`")
        let indexed = Expression(.index(base: base, index: index), at: SourceRange(from: base.range, to: close.range))
        try checkDepth(of: indexed, at: SourceRange(from: open.range, to: close.range))
        return indexed
    }

    /// Consumes the closer of `opener`. When something else stands there, an `unclosed-delimiter`
    /// (at the end of the input or another closer) or an `unexpected-token` is reported, with a
    /// note at the opener.
    mutating func expectClosing(_ closer: Token.Kind, of opener: Token, expecting expected: String) throws(ParseAbort)
        -> Token
    {
        if current.kind == closer {
            return advance()
        }
        let note = Diagnostic.Note("\(opener.kind) opened here", at: opener.range)
        switch current.kind {
        case .endOfFile, .rightBrace, .rightParenthesis, .rightBracket:
            report(
                .unclosedDelimiter,
                "expected \(closer) to close \(opener.kind), found \(current.kind)",
                at: current.range,
                notes: [note]
            )
        default:
            report(.unexpectedToken, "expected \(expected), found \(current.kind)", at: current.range, notes: [note])
        }
        throw ParseAbort()
    }
}
