/// What `fix` found to repair and what it did: every repair in the order it is made, whether they
/// were made (not in a dry run), and what could not be done.
public struct FixPlan: Sendable, Hashable {
    /// The repairs, in the order `fix` makes them.
    public var repairs: [FixRepair]
    /// Whether the repairs were made: `false` for a dry run, which only plans.
    public var applied: Bool
    /// Repairs that were tried and could not be made, each a sentence saying why (a server that refuses the command).
    public var leftUndone: [String]

    /// A plan of `repairs`, `applied` or not, with what was `leftUndone`.
    public init(repairs: [FixRepair], applied: Bool, leftUndone: [String] = []) {
        self.repairs = repairs
        self.applied = applied
        self.leftUndone = leftUndone
    }

    /// Whether there was nothing to repair.
    public var isEmpty: Bool { repairs.isEmpty }
}
