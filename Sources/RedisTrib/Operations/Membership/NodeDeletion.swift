import RESP

/// What ``ClusterOperator/deleteNode(cluster:nodeID:)`` did to the node: which of its two ways out
/// the node took.
public enum NodeDeletion: Sendable, Hashable {
    /// The node answered and quit: a master's slots moved to the other masters, every other node
    /// forgot it, it was reset.
    case quit(NodeAddress, MigrationSummary)
    /// The node did not answer and every live node forgot it.
    case forgotten(ForgetResult)
}
