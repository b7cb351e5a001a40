/// `{ statement; statement … }`: the body of a loop or a branch.
public struct Block: Sendable, Hashable {
    /// The statements, in order.
    public var statements: [Statement]
    /// The source from `{` to `}` inclusive (to the end of the input when the `}` is missing).
    public var range: SourceRange

    /// Makes a block.
    public init(_ statements: [Statement], at range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}
