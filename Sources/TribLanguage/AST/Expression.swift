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
        /// `{key: value, "other key": value}`: a map, its entries in the order written.
        case map([MapEntry])
        /// `$name`, carrying the name.
        case variable(String)
        /// `base.name`: `$n.slots`, `$n.master.addr`, `node(127.0.0.1:7000).role`.
        case attribute(base: Expression, name: Identifier)
        /// `base[index]`: `$list[0]`.
        case index(base: Expression, index: Expression)
        /// `base[lower:upper]`: `$list[1:3]`, `$slots[:100]`, `$s[-2:]`; a bound left out is `nil`.
        case slice(base: Expression, lower: Expression?, upper: Expression?)
        /// `name(arguments…)`: a builtin or a command in call form; the runtime resolves the name.
        case call(name: Identifier, arguments: [Expression])
        /// A prefix operator applied to an operand.
        case unary(UnaryOperator, Expression)
        /// An infix operator applied to two operands.
        case binary(BinaryOperator, Expression, Expression)
    }

    /// What the expression is.
    public var kind: Kind {
        didSet { depth = Self.depth(of: kind) }
    }
    /// The source the expression covers (for a parenthesized expression, with its parentheses).
    public var range: SourceRange
    /// How many expressions deep the tree is: 1 for a literal, one more than the deepest operand
    /// otherwise. Everything that walks the tree (evaluation, comparison, description, release)
    /// recurses this deep, so the parser refuses trees deeper than ``Parser/maximumExpressionDepth``.
    public private(set) var depth: Int

    /// Makes an expression.
    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
        self.depth = Self.depth(of: kind)
    }

    /// Computed from the operands' own depths, so building a tree costs no walk.
    private static func depth(of kind: Kind) -> Int {
        func deepest(_ parts: [TextPart]) -> Int {
            parts.reduce(0) { deepest, part in
                if case .expression(let expression) = part { return max(deepest, expression.depth) }
                return deepest
            }
        }
        let operands: Int
        switch kind {
        case .integer, .boolean, .nilLiteral, .word, .flag, .address, .variable:
            operands = 0
        case .string(let parts), .interpolatedWord(let parts):
            operands = deepest(parts)
        case .range(let lower, let upper):
            operands = max(lower.depth, upper.depth)
        case .list(let elements), .call(_, let elements):
            operands = elements.reduce(0) { max($0, $1.depth) }
        case .map(let entries):
            operands = entries.reduce(0) { max($0, $1.key.depth, $1.value.depth) }
        case .attribute(let base, _):
            operands = base.depth
        case .index(let base, let index):
            operands = max(base.depth, index.depth)
        case .slice(let base, let lower, let upper):
            operands = max(base.depth, lower?.depth ?? 0, upper?.depth ?? 0)
        case .unary(_, let operand):
            operands = operand.depth
        case .binary(_, let left, let right):
            operands = max(left.depth, right.depth)
        }
        return operands + 1
    }
}
