/// What the parser made of a source text: the statements that parsed, every diagnostic, and
/// whether the text simply stops too early.
public struct ParsedScript: Sendable, CustomDebugStringConvertible {
    /// The source the script was parsed from.
    public let source: SourceFile
    /// The statements that parsed; a statement with an error in it is left out, except a block
    /// statement cut short by the end of the input, which keeps what parsed.
    public let statements: [Statement]
    /// The lexer's and the parser's diagnostics, in source order.
    public let diagnostics: [Diagnostic]
    /// Whether the text stops inside an open `{`, `(`, `[`, `${` or string, or after a `\` line
    /// continuation. A REPL reads another line (with a continuation prompt) instead of
    /// reporting the diagnostics.
    public let isIncomplete: Bool

    /// Whether any diagnostic is an error; a script with errors must not run.
    public var hasErrors: Bool {
        firstError != nil
    }

    /// The first diagnostic that is an error, if any.
    public var firstError: Diagnostic? {
        diagnostics.first { $0.severity == .error }
    }

    /// The statements as S-expressions, one a line.
    public var debugDescription: String {
        statements.map(\.debugDescription).joined(separator: "\n")
    }
}
