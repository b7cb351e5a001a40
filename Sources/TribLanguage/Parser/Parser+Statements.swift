extension Parser {
    /// Statements up to the end of the input or, in a block, up to its `}` (not consumed).
    mutating func parseStatementList(inBlock: Bool) -> [Statement] {
        var statements: [Statement] = []
        while true {
            switch current.kind {
            case .newline, .semicolon:
                advance()
                continue
            case .endOfFile:
                return statements
            case .rightBrace where inBlock:
                return statements
            case .rightBrace, .rightParenthesis, .rightBracket:
                let closer = advance()
                report(.unmatchedDelimiter, "unmatched \(closer.kind): nothing is open here", at: closer.range)
                continue
            default:
                break
            }
            let start = position
            do {
                statements.append(try parseStatement())
                try expectEndOfStatement()
            } catch {
                skipStatement(from: start)
            }
            if position == start {
                advance()
            }
        }
    }

    mutating func parseStatement() throws(ParseAbort) -> Statement {
        switch current.kind {
        case .word(let word):
            switch Keyword(rawValue: word) {
            case .let: return try parseDeclaration()
            case .for: return try parseForLoop()
            case .while: return try parseWhileLoop()
            case .if: return try parseConditional()
            case .break, .continue: return parseLoopControl()
            case .def: return try parseFunctionDefinition()
            case .return: return try parseReturn()
            case .exit: return try parseExit()
            case .sleep: return try parseSleep()
            case .assert: return try parseAssertion()
            case .try: return try parseTryCatch()
            case .echo: return try parseEcho()
            case .source: return try parseSource()
            case .else:
                report(.elseWithoutIf, "`else` without an `if` before it", at: current.range)
                throw ParseAbort()
            case .catch:
                report(.catchWithoutTry, "`catch` without a `try { … }` before it", at: current.range)
                throw ParseAbort()
            case .in, .true, .false, .nil, nil: break
            }
            if token(after: 1).kind == .assign {
                return try parseAssignment()
            }
            let isCall = token(after: 1).kind == .leftParenthesis && touchesPrevious(position + 1)
            if ByteClass.isCommandName(word), !isCall, Keyword(rawValue: word)?.isLiteral != true {
                return try parseCommand()
            }
        case .variable where token(after: 1).kind == .assign:
            return try parseAssignment()
        default:
            break
        }
        let expression = try parseExpression()
        return Statement(.expression(expression), at: expression.range)
    }

    /// Accepts the end of a statement (a newline, `;`, `}` or the end of the input) without
    /// consuming it.
    mutating func expectEndOfStatement() throws(ParseAbort) {
        switch current.kind {
        case .newline, .semicolon, .endOfFile, .rightBrace:
            return
        case .assign:
            reportAssignmentInExpression()
        default:
            report(
                .expectedEndOfStatement,
                "expected the end of the statement (a newline or `;`), found \(current.kind)",
                at: current.range
            )
        }
        throw ParseAbort()
    }

    /// Skips the rest of a statement that had an error: from its first token, past balanced
    /// brackets, braces and strings, up to a newline or `;` at the top level (a newline followed
    /// by `else` does not count) or a `}` closing the enclosing block (left for the block).
    mutating func skipStatement(from start: Int) {
        var index = start
        var depth = 0
        var strings = 0
        scan: while index < tokens.count - 1 {
            let kind = tokens[index].kind
            if strings > 0 {
                if kind == .stringStart {
                    strings += 1
                } else if kind == .stringEnd {
                    strings -= 1
                }
                index += 1
                continue
            }
            switch kind {
            case .stringStart:
                strings += 1
            case .leftBrace, .leftParenthesis, .leftBracket, .interpolationStart:
                depth += 1
            case .rightBrace, .rightParenthesis, .rightBracket:
                if depth > 0 {
                    depth -= 1
                } else if kind == .rightBrace {
                    break scan
                }
            case .semicolon where depth == 0:
                break scan
            case .newline where depth == 0:
                if elsePosition(from: index) == nil, keywordPosition(.catch, from: index) == nil {
                    break scan
                }
            default:
                break
            }
            index += 1
        }
        position = max(position, index)
    }

    // MARK: - Statement forms

    /// `let NAME = EXPRESSION`
    private mutating func parseDeclaration() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let name = try parseDeclaredName(after: "`let`")
        guard current.kind == .assign else {
            report(
                .unexpectedToken,
                "expected `=` after `let \(name.name)`, found \(current.kind)",
                at: current.range
            )
            throw ParseAbort()
        }
        advance()
        let value = try parseExpression()
        return Statement(
            .declaration(name: name, value: value), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `NAME = EXPRESSION` (a `$NAME = …` is reported and read the same way).
    private mutating func parseAssignment() throws(ParseAbort) -> Statement {
        let start = current.range.start
        let name = try parseDeclaredName(after: nil)
        advance()
        let value = try parseExpression()
        return Statement(.assignment(name: name, value: value), at: SourceRange(start: start, end: previousEnd))
    }

    /// The name after `let` or `for`, or before `=`: a plain name, or a `$name` that is reported
    /// and accepted; `what` it names (a variable, a function, a parameter) words the errors.
    mutating func parseDeclaredName(after keyword: String?, naming what: String = "variable") throws(ParseAbort) -> Identifier {
        switch current.kind {
        case .word(let word) where ByteClass.isName(word):
            let token = advance()
            return Identifier(word, at: token.range)
        case .variable(let name):
            let token = advance()
            report(
                .dollarInAssignment,
                "a variable is named without `$` when it is declared or assigned",
                at: token.range,
                suggestion: Suggestion("write `\(name)`", replacing: token.range, with: name)
            )
            return Identifier(name, at: token.range)
        case .word(let word):
            report(
                .expectedName,
                "`\(word)` is not a \(what) name: use letters, digits and `_`, not starting with a digit",
                at: current.range
            )
            throw ParseAbort()
        default:
            let place = keyword.map { " after \($0)" } ?? ""
            report(.expectedName, "expected a \(what) name\(place), found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
    }

    /// `for NAME in EXPRESSION { … }`
    private mutating func parseForLoop() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let variable = try parseDeclaredName(after: "`for`")
        var second: Identifier?
        if current.kind == .comma {
            advance()
            second = try parseDeclaredName(after: "`for \(variable.name),`")
        }
        guard current.kind == .keyword(.in) else {
            report(
                .unexpectedToken,
                "expected `in` after `for \(variable.name)`, found \(current.kind)",
                at: current.range
            )
            throw ParseAbort()
        }
        advance()
        let sequence = try parseCondition(of: "what `for` goes over")
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try parseBlock(after: "the `for` header")
        return Statement(
            .forLoop(variable: variable, second: second, sequence: sequence, body: body),
            at: SourceRange(start: keyword.range.start, end: previousEnd)
        )
    }

    /// `if EXPRESSION { … } else if EXPRESSION { … } else { … }`; `else` may start the next line.
    private mutating func parseConditional() throws(ParseAbort) -> Statement {
        let keyword = advance()
        var branches: [ConditionalBranch] = []
        var elseBody: Block?
        let condition = try parseCondition(of: "the condition of `if`")
        branches.append(ConditionalBranch(condition: condition, body: try parseBlock(after: "the `if` condition")))
        while let elseIndex = elsePosition(from: position) {
            position = elseIndex
            advance()
            if current.kind == .keyword(.if) {
                advance()
                let condition = try parseCondition(of: "the condition of `if`")
                branches.append(
                    ConditionalBranch(condition: condition, body: try parseBlock(after: "the `if` condition")))
            } else {
                elseBody = try parseBlock(after: "`else`")
                break
            }
        }
        return Statement(
            .conditional(branches: branches, elseBody: elseBody),
            at: SourceRange(start: keyword.range.start, end: previousEnd)
        )
    }

    /// The expression of a header (`if` and `while` conditions, what `for` goes over), named `role`:
    /// a `{` where it should start means it is missing (not a map literal).
    mutating func parseCondition(of role: String) throws(ParseAbort) -> Expression {
        if current.kind == .leftBrace {
            report(.expectedExpression, "expected an expression, found `{`: \(role) comes before the block", at: current.range)
            throw ParseAbort()
        }
        return try parseExpression()
    }

    /// The index of an `else` at `index` or after nothing but newlines from it, if there is one.
    func elsePosition(from index: Int) -> Int? {
        keywordPosition(.else, from: index)
    }

    /// The index of `keyword` at `index` or after nothing but newlines from it, if it stands there.
    func keywordPosition(_ keyword: Keyword, from index: Int) -> Int? {
        var cursor = index
        while cursor < tokens.count - 1, tokens[cursor].kind == .newline {
            cursor += 1
        }
        return tokens[cursor].kind == .keyword(keyword) ? cursor : nil
    }

    /// `{ statements }`; a missing `}` at the end of the input is reported and the block kept.
    /// A `{` on the next line is reported and the block parsed anyway.
    mutating func parseBlock(after header: String) throws(ParseAbort) -> Block {
        switch current.kind {
        case .leftBrace:
            break
        case .newline where braceAfterNewlines() != nil:
            report(.expectedBlock, "the `{` must be on the same line as \(header)", at: current.range)
            position = braceAfterNewlines() ?? position
        case .assign:
            reportAssignmentInExpression()
            throw ParseAbort()
        default:
            report(.expectedBlock, "expected `{` after \(header), found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
        let open = advance()
        try enterNesting(at: open.range)
        defer { nestingDepth -= 1 }
        let statements = parseStatementList(inBlock: true)
        if current.kind == .rightBrace {
            let close = advance()
            return Block(statements, at: SourceRange(from: open.range, to: close.range))
        }
        report(
            .unclosedBlock,
            "expected `}` to close the block",
            at: current.range,
            notes: [Diagnostic.Note("block opened here", at: open.range)]
        )
        return Block(statements, at: SourceRange(start: open.range.start, end: current.range.end))
    }

    /// The index of a `{` after the newlines at the current token, if that is what follows them.
    private func braceAfterNewlines() -> Int? {
        var cursor = position
        while cursor < tokens.count - 1, tokens[cursor].kind == .newline {
            cursor += 1
        }
        return tokens[cursor].kind == .leftBrace ? cursor : nil
    }

    /// `=` where an expression goes on, as in `if $a = 1 {`: almost always a comparison meant.
    private mutating func reportAssignmentInExpression() {
        report(
            .assignmentInExpression,
            "`=` assigns and cannot appear in an expression; to compare, use `==`",
            at: current.range,
            suggestion: Suggestion("use `==` to compare", replacing: current.range, with: "==")
        )
    }

    /// `break` or `continue`; outside a loop it is reported but kept.
    private mutating func parseLoopControl() -> Statement {
        let keyword = advance()
        let isBreak = keyword.kind == .keyword(.break)
        if loopDepth == 0 {
            report(
                .loopControlOutsideLoop,
                "`\(isBreak ? "break" : "continue")` can only be used inside a `for` or `while` loop"
                    + (functionDepth > 0 ? " of the function's own body" : ""),
                at: keyword.range
            )
        }
        return Statement(isBreak ? .breakLoop : .continueLoop, at: keyword.range)
    }

    /// `echo ARGUMENTS…`
    private mutating func parseEcho() throws(ParseAbort) -> Statement {
        let keyword = advance()
        let arguments = try parseCommandArguments()
        return Statement(.echo(arguments: arguments), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `source FILE`
    private mutating func parseSource() throws(ParseAbort) -> Statement {
        let keyword = advance()
        guard Self.startsArgument(current.kind) else {
            report(.expectedExpression, "expected the file to source, found \(current.kind)", at: current.range)
            throw ParseAbort()
        }
        let path = try parseArgument()
        return Statement(.source(path: path), at: SourceRange(start: keyword.range.start, end: previousEnd))
    }

    /// `NAME ARGUMENTS…`, shell style.
    private mutating func parseCommand() throws(ParseAbort) -> Statement {
        let nameToken = advance()
        guard case .word(let name) = nameToken.kind else { throw ParseAbort() }
        let arguments = try parseCommandArguments()
        return Statement(
            .command(name: Identifier(name, at: nameToken.range), arguments: arguments),
            at: SourceRange(start: nameToken.range.start, end: previousEnd)
        )
    }

    /// Arguments separated by spaces, up to the end of the statement.
    private mutating func parseCommandArguments() throws(ParseAbort) -> [Expression] {
        var arguments: [Expression] = []
        while true {
            let kind = current.kind
            switch kind {
            case .newline, .semicolon, .endOfFile, .rightBrace:
                return arguments
            case .rightParenthesis, .rightBracket:
                report(.unmatchedDelimiter, "unmatched \(kind): nothing is open here", at: current.range)
                throw ParseAbort()
            case _ where Self.startsArgument(kind):
                if !arguments.isEmpty, touchesPrevious(position) {
                    report(
                        .unexpectedToken,
                        "separate command arguments with a space; found \(kind) touching the argument before it",
                        at: current.range
                    )
                    throw ParseAbort()
                }
                arguments.append(try parseArgument())
            default:
                report(
                    .unexpectedToken,
                    "\(kind) cannot be a command argument; quote it as text, or put an expression in parentheses",
                    at: current.range
                )
                throw ParseAbort()
            }
        }
    }

    /// Whether a token can start a command argument.
    static func startsArgument(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .word, .variable, .stringStart, .interpolationStart, .leftParenthesis, .leftBracket: true
        default: false
        }
    }
}
