/// A prefix operator.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `!x`: logical negation.
    case not = "!"
}
