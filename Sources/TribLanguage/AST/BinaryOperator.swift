/// An infix operator, with its precedence.
///
/// | precedence | operators | associativity |
/// |---|---|---|
/// | 1 | `\|\|` | left |
/// | 2 | `&&` | left |
/// | 3 | `==` `!=` `<` `<=` `>` `>=` `in` | none (chaining is an error) |
/// | 4 | `+` `-` (spaced) | left |
/// | 5 | `*` `/` `%` (spaced) | left |
///
/// Prefix `!` binds tighter than all of them, and postfix `.name`, `[index]` and calls tighter
/// still.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `||`: logical or, short-circuiting.
    case or = "||"
    /// `&&`: logical and, short-circuiting.
    case and = "&&"
    /// `==`
    case equal = "=="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `x in collection`: membership, such as a slot in a slot set or a node in a list.
    case elementOf = "in"
    /// `a + b`, written with spaces.
    case add = "+"
    /// `a - b`, written with spaces (`a-b` is a range).
    case subtract = "-"
    /// `a * b`, written with spaces.
    case multiply = "*"
    /// `a / b`, written with spaces.
    case divide = "/"
    /// `a % b`, written with spaces.
    case remainder = "%"

    /// How tightly the operator binds; higher binds tighter.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .elementOf: 3
        case .add, .subtract: 4
        case .multiply, .divide, .remainder: 5
        }
    }

    /// Whether this is a comparison, which cannot be chained (`a < b < c`).
    public var isComparison: Bool { precedence == 3 }

    /// The operators written as words, which only count as operators when they stand apart.
    static let spacedOperators: [String: BinaryOperator] = [
        "in": .elementOf, "+": .add, "-": .subtract, "*": .multiply, "/": .divide, "%": .remainder,
    ]
}
