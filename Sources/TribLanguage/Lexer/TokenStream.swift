/// The lexer's output: every token, the lexical diagnostics, and what was left open.
public struct TokenStream: Sendable {
    /// The tokens in source order; the last is always ``Token/Kind/endOfFile``.
    public var tokens: [Token]
    /// Problems found while lexing (unterminated strings, invalid characters, bad escapes).
    public var diagnostics: [Diagnostic]
    /// The delimiters still open at the end of the input, outermost first.
    public var unclosedDelimiters: [OpenDelimiter]
    /// Whether the input ends with a `\` line continuation.
    public var endsWithLineContinuation: Bool

    /// Whether the input stops in the middle of something: an open `{`, `(`, `[`, `${` or string,
    /// or a trailing `\`. A REPL shows a continuation prompt for such input instead of errors.
    public var isIncomplete: Bool {
        !unclosedDelimiters.isEmpty || endsWithLineContinuation
    }
}
