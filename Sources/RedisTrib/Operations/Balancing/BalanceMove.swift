/// One step of a balance plan: move `slotCount` slots from one master to another.
///
/// A move names how many slots, not which: the operation that carries it out picks the slots.
public struct BalanceMove: Sendable, Hashable, CustomStringConvertible {
    /// The ID of the master giving the slots.
    public var sourceID: String
    /// The ID of the master receiving them.
    public var destinationID: String
    /// How many slots move; always at least 1 in a plan.
    public var slotCount: Int

    /// A move of `slotCount` slots from `sourceID` to `destinationID`.
    public init(sourceID: String, destinationID: String, slotCount: Int) {
        self.sourceID = sourceID
        self.destinationID = destinationID
        self.slotCount = slotCount
    }

    /// `SOURCE -> DESTINATION: N slots`, with full node IDs.
    public var description: String {
        "\(sourceID) -> \(destinationID): \(slotCount) slot\(slotCount == 1 ? "" : "s")"
    }
}
