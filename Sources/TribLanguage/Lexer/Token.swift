/// One lexical unit of the command language, with where it stands.
///
/// Whitespace and comments are not tokens; whether two tokens touch (nothing between them) is
/// read from their ranges and matters: `127.0.0.1:$port` is one word made of two touching
/// tokens, `$a - $b` is a subtraction only because the `-` stands apart.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    /// What kind of token this is, with its text where it has one.
    public enum Kind: Sendable, Hashable {
        /// A run of word characters: names, numbers, addresses, ranges, flags, paths
        /// (`migrate_slots`, `7000`, `127.0.0.1:7000`, `[::1]:7000`, `4-7`, `--replace`, `-`).
        case word(String)
        /// `$name`, carrying the name without the `$`.
        case variable(String)
        /// `.name` directly after a variable, an attribute, `)` or `]`, carrying the name.
        case attribute(String)
        /// The opening `"` of a string.
        case stringStart
        /// Literal text inside a string, with escapes already decoded.
        case stringText(String)
        /// The closing `"` of a string.
        case stringEnd
        /// `${`, opening an interpolated expression, in a string or in a word.
        case interpolationStart
        /// `(`
        case leftParenthesis
        /// `)`
        case rightParenthesis
        /// `[`
        case leftBracket
        /// `]`
        case rightBracket
        /// `{`
        case leftBrace
        /// `}`, closing a block or an interpolation.
        case rightBrace
        /// `,`
        case comma
        /// `;`
        case semicolon
        /// A line break that ends a statement (line breaks inside `(`, `[` and `${ }` are not tokens).
        case newline
        /// `=`
        case assign
        /// `==`
        case equal
        /// `!=`
        case notEqual
        /// `<`
        case less
        /// `<=`
        case lessOrEqual
        /// `>`
        case greater
        /// `>=`
        case greaterOrEqual
        /// `&&`
        case and
        /// `||`
        case or
        /// `!`
        case not
        /// The end of the input; always the last token.
        case endOfFile
    }

    /// The kind and text.
    public var kind: Kind
    /// Where the token stands.
    public var range: SourceRange

    /// Makes a token.
    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The kind, as tests and logs show it.
    public var description: String { kind.description }
}

extension Token.Kind: CustomStringConvertible {
    /// How a message names the token: `` `let` ``, `a newline`, `the end of the input`.
    public var description: String {
        switch self {
        case .word(let text): "`\(text)`"
        case .variable(let name): "`$\(name)`"
        case .attribute(let name): "`.\(name)`"
        case .stringStart, .stringEnd: "`\"`"
        case .stringText: "string text"
        case .interpolationStart: "`${`"
        case .leftParenthesis: "`(`"
        case .rightParenthesis: "`)`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .comma: "`,`"
        case .semicolon: "`;`"
        case .newline: "a newline"
        case .assign: "`=`"
        case .equal: "`==`"
        case .notEqual: "`!=`"
        case .less: "`<`"
        case .lessOrEqual: "`<=`"
        case .greater: "`>`"
        case .greaterOrEqual: "`>=`"
        case .and: "`&&`"
        case .or: "`||`"
        case .not: "`!`"
        case .endOfFile: "the end of the input"
        }
    }
}
