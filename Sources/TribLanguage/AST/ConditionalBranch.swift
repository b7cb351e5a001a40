/// One `if CONDITION { … }` or `else if CONDITION { … }` of a conditional statement.
public struct ConditionalBranch: Sendable, Hashable {
    /// The condition, tested in order with the other branches.
    public var condition: Expression
    /// What runs when the condition holds.
    public var body: Block

    /// Makes a branch.
    public init(condition: Expression, body: Block) {
        self.condition = condition
        self.body = body
    }
}
