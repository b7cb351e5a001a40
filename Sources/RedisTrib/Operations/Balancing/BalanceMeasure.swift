/// What `rebalance` balances: the slots themselves, or what they hold.
public enum BalanceMeasure: String, Sendable, Hashable, CaseIterable {
    /// Slot counts, as redis-cli balances.
    case slots
    /// Keys per slot: `CLUSTER SLOT-STATS` where the server has it (Valkey 8+), `CLUSTER
    /// COUNTKEYSINSLOT` per slot and database otherwise.
    case keys
    /// Bytes per slot, estimated: the keys of the slot times the mean `MEMORY USAGE` of up to
    /// ``ClusterOperator/memorySampleSize`` of its keys (database 0).
    case memory

    /// `slot`, `key` or `byte`: the unit one slot's amount is counted in.
    public var unit: String {
        switch self {
        case .slots: "slot"
        case .keys: "key"
        case .memory: "byte"
        }
    }
}
