import RESP

/// One (source, target) pair of a migration and the slots that go from one to the other.
struct SlotMove: Sendable {
    var source: NodeClient
    var sourceID: String
    var target: NodeClient
    var targetID: String
    /// Masters other than source and target, told the new owner at the end.
    var otherMasters: [NodeAddress]
    /// The slots, ascending.
    var slots: [HashSlot]
    /// Slots of ``slots`` the target owned already (an earlier run moved them): they go through
    /// the move only so that every node is told the owner again, and count as in place, not moved.
    var alreadyOnTarget = SlotSet()
    /// The keys each slot held on the source when the migration began, every database counted.
    var keyCounts: [HashSlot: Int] = [:]
    /// How many databases the source keeps (Valkey's `cluster-databases`), read with the key counts.
    var databases = 1
    /// The database whose keys this move carries (`MIGRATE`'s destination database too); the
    /// clients work in it.
    var database = 0
    /// Whether the source holds keys of slots it does not own and imports them from the target for
    /// the move (`fix` moving stray keys into their owner): it serves those keys only after
    /// `ASKING` (`MIGRATE` works without), so their sizes are not asked.
    var sourceImports = false

    /// `SOURCE → TARGET`, for messages.
    var name: String {
        "\(source.address) → \(target.address)"
    }

    /// The same pair with other slots.
    func with(slots: [HashSlot]) -> SlotMove {
        var copy = self
        copy.slots = slots
        return copy
    }
}
