extension Block: CustomDebugStringConvertible {
    /// `(block statement…)`, each statement as its own S-expression.
    public var debugDescription: String {
        Expression.form("block", statements.map(\.debugDescription))
    }
}
