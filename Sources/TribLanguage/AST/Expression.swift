/// A value-producing node of the syntax tree, with the source it covers.
public struct Expression: Sendable, Hashable {
    /// What the expression is.
    public indirect enum Kind: Sendable, Hashable {
        /// An integer literal: `42`, `-1`.
        case integer(Int)
        /// `true` or `false`.
        case boolean(Bool)
        /// `nil`.
        case nilLiteral
        /// A double-quoted string; a plain one is a single literal part, `""` has no parts.
        case string([TextPart])
        /// A bare word that is no other literal: `CONFIG`, `maxmemory`, `*`, `scripts/setup.trib`.
        case word(String)
        /// A bare word starting with `-` and a letter, or `--`: `--replace`, `-v`.
        case flag(String)
        /// Touching pieces of text and interpolations, joined at run time: `127.0.0.1:$port`,
        /// `node-${i}`. The runtime may read the result as an address, an integer or a range.
        case interpolatedWord([TextPart])
        /// `HOST:PORT` or `[IPV6]:PORT`; `host` has no brackets.
        case address(host: String, port: Int)
        /// `lower-upper` with no spaces, both bounds included: `4-7`, `$lo-$hi`.
        case range(lower: Expression, upper: Expression)
        /// `[a, b, c]`.
        case list([Expression])
        /// `$name`, carrying the name.
        case variable(String)
        /// `base.name`: `$n.slots`, `$n.master.addr`, `node(127.0.0.1:7000).role`.
        case attribute(base: Expression, name: Identifier)
        /// `base[index]`: `$list[0]`.
        case index(base: Expression, index: Expression)
        /// `name(arguments…)`: a builtin or a command in call form; the runtime resolves the name.
        case call(name: Identifier, arguments: [Expression])
        /// A prefix operator applied to an operand.
        case unary(UnaryOperator, Expression)
        /// An infix operator applied to two operands.
        case binary(BinaryOperator, Expression, Expression)
    }

    /// What the expression is.
    public var kind: Kind
    /// The source the expression covers (for a parenthesized expression, with its parentheses).
    public var range: SourceRange

    /// Makes an expression.
    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
