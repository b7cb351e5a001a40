import RESP
import RedisTrib

/// A node as a value: the node, and the nodes it was listed with, so that `.master` and
/// `.replicas` can be found.
public struct NodeValue: Sendable, Hashable {
    /// The node.
    public var node: ClusterNode
    /// Every node of the reply it came from (including itself).
    public var cluster: [ClusterNode]

    /// Makes a node value.
    public init(_ node: ClusterNode, cluster: [ClusterNode]) {
        self.node = node
        self.cluster = cluster
    }

    /// The master a replica replicates, when it is among ``cluster``.
    public var master: NodeValue? {
        guard let masterID = node.masterID, let master = cluster.first(where: { $0.id == masterID }) else {
            return nil
        }
        return NodeValue(master, cluster: cluster)
    }

    /// The nodes of ``cluster`` that replicate this one.
    public var replicas: [NodeValue] {
        cluster.filter { $0.masterID == node.id }.map { NodeValue($0, cluster: cluster) }
    }

    /// `master`, `replica`, or `nil` for a node in handshake.
    public var roleName: String? {
        node.role.map { $0 == .master ? "master" : "replica" }
    }

    /// The address, or the start of the id when the node does not know its address.
    public var label: String {
        node.address?.description ?? String(node.id.prefix(8))
    }
}
