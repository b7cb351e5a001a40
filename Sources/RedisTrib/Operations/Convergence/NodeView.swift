import RESP

/// What one reachable node says about the cluster: its `CLUSTER NODES` and the `cluster_state` of
/// its `CLUSTER INFO`, as ``ClusterAgreement`` compares them.
public struct NodeView: Sendable, Hashable {
    /// Where the node was reached.
    public var address: NodeAddress
    /// Its `CLUSTER NODES` reply.
    public var topology: ClusterTopology
    /// The `cluster_state` field of its `CLUSTER INFO`: `ok` or `fail`.
    public var clusterState: String

    /// The view of the node at `address`.
    public init(address: NodeAddress, topology: ClusterTopology, clusterState: String) {
        self.address = address
        self.topology = topology
        self.clusterState = clusterState
    }
}
