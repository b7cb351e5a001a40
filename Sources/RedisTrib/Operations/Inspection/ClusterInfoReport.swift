/// What ``ClusterOperator/info(_:slotKeys:)`` read: every master, and the totals over them; with
/// `slotKeys`, the keys of every slot, for a map of the slots (``SlotMapGrid``).
public struct ClusterInfoReport: Sendable, Hashable {
    /// The masters, in address order.
    public var masters: [MasterInfo]
    /// The keys of each slot (16384 counts, by slot number) as its owner counts them; 0 where the
    /// owner could not be read. `nil` when not asked for.
    public var slotKeys: [Int]?

    /// A report of `masters`, with the keys of each slot when read.
    public init(masters: [MasterInfo], slotKeys: [Int]? = nil) {
        self.masters = masters
        self.slotKeys = slotKeys
    }

    /// The keys of the masters that answered.
    public var totalKeys: Int {
        masters.compactMap(\.keys).reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
    }

    /// The memory the masters that answered use, in bytes.
    public var totalMemoryUsed: Int {
        masters.compactMap(\.memoryUsed).reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
    }

    /// The slots some master owns.
    public var coveredSlots: SlotSet {
        masters.reduce(into: SlotSet()) { $0.formUnion($1.slots) }
    }

    /// The slots no master owns.
    public var uncoveredSlots: SlotSet {
        SlotSet.all.subtracting(coveredSlots)
    }

    /// The slots open on some master that answered.
    public var openSlots: SlotSet {
        masters.reduce(into: SlotSet()) { $0.formUnion($1.openSlots) }
    }

    /// The replicas of all masters.
    public var replicaCount: Int {
        masters.reduce(0) { $0 + $1.replicas.count }
    }

    /// The masters that could not be read.
    public var unreachableCount: Int {
        masters.filter { $0.unreachableReason != nil }.count
    }

    /// The keys per covered slot on average (0 when no slot is covered).
    public var keysPerSlot: Double {
        let covered = coveredSlots.count
        return covered == 0 ? 0 : Double(totalKeys) / Double(covered)
    }
}
