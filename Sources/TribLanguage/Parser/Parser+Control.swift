extension Parser {
    /// `while EXPRESSION { … }`
    mutating func parseWhileLoop() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let condition = try parseCondition(of: "the condition of `while`")
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try parseBlock(after: "the `while` condition")
        return Statement(.whileLoop(condition: condition, body: body), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `def NAME(PARAMETER, …) { … }`: the body is outside every loop around it, and inside a function.
    mutating func parseFunctionDefinition() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let name = try parseDeclaredName(after: "`def`", naming: "function")
        if let reserved = Keyword(rawValue: name.name) {
            report(.expectedName, "`\(reserved.rawValue)` is a keyword and cannot name a function", at: name.range)
            throw ParseAbort()
        }
        guard current.kind == .leftParenthesis else {
            report(.unexpectedToken, "expected `(` and the parameters after `def \(name.name)`, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
        let open = advance()
        var parameters: [Identifier] = []
        while current.kind != .rightParenthesis, current.kind != .endOfFile {
            let parameter = try parseDeclaredName(after: parameters.isEmpty ? "`(`" : "`,`", naming: "parameter")
            if let first = parameters.first(where: { $0.name == parameter.name }) {
                report(
                    .duplicateParameter, "`\(parameter.name)` names two parameters of `\(name.name)`", at: parameter.range,
                    notes: [Diagnostic.Note("first named here", at: first.range)])
            }
            parameters.append(parameter)
            guard current.kind == .comma else { break }
            advance()
        }
        _ = try expectClosing(.rightParenthesis, of: open, expecting: "`,` or `)`")
        let (loops, functions) = (loopDepth, functionDepth)
        loopDepth = 0
        functionDepth += 1
        defer { (loopDepth, functionDepth) = (loops, functions) }
        let body = try parseBlock(after: "`def \(name.name)(…)`")
        let range = SourceRange(start: keyword.range.start, end: previousEnd)
        return Statement(.functionDefinition(FunctionDefinition(name: name, parameters: parameters, body: body, at: range)), at: range)
    }

    /// `return [EXPRESSION]`; outside a function it is reported but kept.
    mutating func parseReturn() throws(ParseAbort) -> Statement {
        let keyword = advance()
        if functionDepth == 0 {
            report(.returnOutsideFunction, "`return` can only be used inside a function's body (`def NAME(…) { … }`)", at: keyword.range)
        }
        let value = try parseOptionalExpression()
        return Statement(.returnValue(value), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `exit [STATUS]`
    mutating func parseExit() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let status = try parseOptionalExpression()
        return Statement(.exit(status: status), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `sleep SECONDS`
    mutating func parseSleep() throws(ParseAbort) -> Statement {
        let keyword = advance()
        guard let seconds = try parseOptionalExpression() else {
            report(.expectedExpression, "expected the seconds to sleep after `sleep`, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
        return Statement(.sleep(seconds: seconds), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `assert EXPRESSION [MESSAGE]`
    mutating func parseAssertion() throws(ParseAbort) -> Statement {
        let keyword = advance()
        guard let condition = try parseOptionalExpression() else {
            report(.expectedExpression, "expected a condition after `assert`, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
        let message = Self.startsArgument(current.kind) ? try parseArgument() : nil
        return Statement(.assertion(condition: condition, message: message), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `try { … } catch [NAME] { … }`; `catch` may start the line after `}`.
    mutating func parseTryCatch() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let body = try parseBlock(after: "`try`")
        guard let catchIndex = keywordPosition(.catch, from: position) else {
            report(
                .expectedBlock, "expected `catch` after the `try` block, found \(current.kind)", at: current.range,
                notes: [Diagnostic.Note("`try` here", at: keyword.range)])
            throw ParseAbort()
        }
        position = catchIndex
        advance()
        var errorName: Identifier?
        if current.kind != .leftBrace {
            errorName = try parseDeclaredName(after: "`catch`")
        }
        let handler = try parseBlock(after: "`catch`")
        return Statement(
            .tryCatch(body: body, errorName: errorName, handler: handler), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// An expression, or `nil` at the end of the statement.
    private mutating func parseOptionalExpression() throws(ParseAbort) -> Expression? {
        switch current.kind {
        case .newline, .semicolon, .endOfFile, .rightBrace: nil
        default: try parseExpression()
        }
    }
}
