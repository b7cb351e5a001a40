/// Builds the syntax tree of a script from its tokens, recovering from every error.
///
/// A recursive-descent parser over the whole token array. When a statement has an error, the
/// parser reports it, skips to the end of the statement (past balanced brackets, stopping at a
/// `}` that closes the enclosing block) and carries on, so one run finds the errors of every
/// statement. Each loop consumes a token or ends, and nesting is capped at
/// ``maximumNesting``, so no input can hang it or overflow its stack.
///
/// ```swift
/// let script = Parser.parse(SourceFile(name: "<repl>", text: buffer))
/// if script.isIncomplete { /* show the continuation prompt and read another line */ }
/// ```
public struct Parser {
    /// How deeply blocks, brackets, calls, interpolations and `!` may nest.
    public static let maximumNesting = 64
    /// The most diagnostics one parse reports; past it, one `too-many-errors` says more were left
    /// out, so a file of garbage (a megabyte of NUL bytes) gives a screenful, not a gigabyte.
    public static let maximumDiagnostics = 20
    /// How deep an expression's tree may be (``Expression/depth``): a chain of 1,000 operands
    /// (`a + b + …`, `$l[0][0]…`, `$n.a.b…`) is refused with `expression-too-long`, so that nothing
    /// that walks a tree recursively, the release of a tree included, can overflow the stack.
    public static let maximumExpressionDepth = 1000

    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    /// How many loop bodies enclose the current statement, inside the innermost function's body.
    var loopDepth = 0
    /// How many function bodies enclose the current statement.
    var functionDepth = 0
    var nestingDepth = 0
    /// How many strings enclose the current token; errors at the end of the input inside a
    /// string are consequences of the unterminated string the lexer already reported.
    var stringDepth = 0
    /// Set once nesting ran too deep: the rest of the input is skipped and nothing more reported.
    var isAbandoned = false

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole source file.
    public static func parse(_ source: SourceFile) -> ParsedScript {
        let stream = Lexer.tokenize(source)
        var parser = Parser(tokens: stream.tokens)
        let statements = parser.parseStatementList(inBlock: false)
        var diagnostics = (stream.diagnostics + parser.diagnostics).enumerated()
            .sorted { ($0.element.range.start.offset, $0.offset) < ($1.element.range.start.offset, $1.offset) }
            .map(\.element)
        if diagnostics.count > maximumDiagnostics {
            let firstLeftOut = diagnostics[maximumDiagnostics]
            diagnostics.removeSubrange(maximumDiagnostics...)
            diagnostics.append(
                Diagnostic(
                    .tooManyErrors,
                    "too many errors: only the first \(maximumDiagnostics) are shown",
                    at: SourceRange(at: firstLeftOut.range.start)
                )
            )
        }
        return ParsedScript(
            source: source,
            statements: statements,
            diagnostics: diagnostics,
            isIncomplete: stream.isIncomplete
        )
    }

    /// Parses a text, labelled `fileName` in diagnostics.
    public static func parse(_ text: String, fileName: String = "<input>") -> ParsedScript {
        parse(SourceFile(name: fileName, text: text))
    }

    /// Whether a REPL should read another line before running `text`: it stops inside an open
    /// `{`, `(`, `[`, `${` or string, or after a `\` line continuation. Only lexes, so it is cheap
    /// to ask after every line.
    public static func isIncomplete(_ text: String) -> Bool {
        Lexer.tokenize(SourceFile(name: "", text: text)).isIncomplete
    }

    // MARK: - Token access

    var current: Token { tokens[position] }

    func token(after distance: Int) -> Token {
        tokens[min(position + distance, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 {
            position += 1
        }
        return token
    }

    /// Whether the token at `index` starts exactly where the one before it ends.
    func touchesPrevious(_ index: Int) -> Bool {
        index > 0 && index < tokens.count && tokens[index].range.start.offset == tokens[index - 1].range.end.offset
    }

    /// The end of the last consumed token.
    var previousEnd: SourceLocation {
        position > 0 ? tokens[position - 1].range.end : tokens[0].range.start
    }

    // MARK: - Reporting

    mutating func report(
        _ id: DiagnosticID,
        _ message: String,
        at range: SourceRange,
        notes: [Diagnostic.Note] = [],
        suggestion: Suggestion? = nil
    ) {
        guard !isAbandoned, diagnostics.count <= Self.maximumDiagnostics else { return }
        if stringDepth > 0, let end = tokens.last, range.start.offset >= end.range.start.offset {
            return
        }
        diagnostics.append(Diagnostic(id, message, at: range, notes: notes, suggestion: suggestion))
    }

    /// Counts one more level of nesting; past ``maximumNesting`` it reports, skips the rest of
    /// the input and aborts. Pair every successful call with `defer { nestingDepth -= 1 }`.
    mutating func enterNesting(at range: SourceRange) throws(ParseAbort) {
        guard nestingDepth < Self.maximumNesting else {
            report(
                .nestingTooDeep,
                "nesting is deeper than \(Self.maximumNesting) levels; the rest of the input is not parsed",
                at: range
            )
            isAbandoned = true
            position = tokens.count - 1
            throw ParseAbort()
        }
        nestingDepth += 1
    }
}

extension Parser {
    /// Refuses `expression`, just built, when its tree is deeper than ``maximumExpressionDepth``;
    /// `range` is the operator or postfix that went too far.
    mutating func checkDepth(of expression: Expression, at range: SourceRange) throws(ParseAbort) {
        guard expression.depth > Self.maximumExpressionDepth else { return }
        report(
            .expressionTooLong,
            "this expression is too long: more than \(Self.maximumExpressionDepth) operands, indexes or attributes in a chain;"
                + " split it with `let`",
            at: range
        )
        throw ParseAbort()
    }
}

/// Unwinds the parse of one statement after its error has been reported.
struct ParseAbort: Error {}
