/// A word the language reserves, declared once: the parser dispatches on these cases, and completion
/// and did-you-mean read ``allCases``.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `for`, `in`, `if`, `else`, `break`, `continue`, echo, source, `true`, `false`, `nil`

    /// Whether it is a literal value (`true`, `false`, `nil`) rather than the start or part of a statement.
    public var isLiteral: Bool {
        switch self {
        case .true, .false, .nil: true
        default: false
        }
    }
}

extension Token.Kind {
    /// The word token of `keyword`.
    static func keyword(_ keyword: Keyword) -> Self { .word(keyword.rawValue) }
}
