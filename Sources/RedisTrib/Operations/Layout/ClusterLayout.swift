import RESP

/// Which nodes of a new cluster are masters, with which slots, and which replicate each master:
/// what `create` plans before its first change and returns.
public struct ClusterLayout: Sendable, Hashable {
    /// A master, its slots and its replicas.
    public struct Shard: Sendable, Hashable {
        /// The master.
        public var master: LayoutNode
        /// The slots it takes.
        public var slots: SlotSet
        /// Its replicas.
        public var replicas: [LayoutNode]
    }

    /// The masters in the order they take the slots.
    public var shards: [Shard]
    /// Where the layout could not keep replicas apart from their master or each other.
    public var warnings: [AffinityWarning]
    /// Whether the cluster was built as planned (`false` for a dry run).
    public var applied: Bool

    /// The number of replicas.
    public var replicaCount: Int {
        shards.reduce(0) { $0 + $1.replicas.count }
    }
}
