import RESP

extension ClusterOperator {
    /// Fails when two of `nodes` are one node under two names (`localhost:7000` and
    /// `127.0.0.1:7000`), asked by node id, before anything changes.
    ///
    /// - Throws: ``TribError`` `.invalidArgument` naming both names and the id.
    func requireDistinctNodes(_ nodes: [NodeAddress]) async throws(TribError) {
        let ids = try await forEachNode(nodes) { trib, address throws(TribError) in
            try await trib.client(address).myID()
        }
        var named: [String: NodeAddress] = [:]
        for (address, id) in zip(nodes, ids) {
            if let first = named[id] {
                throw TribError(.invalidArgument, "\(first) and \(address) are the same node (id \(id.prefix(12))…)", node: address)
            }
            named[id] = address
        }
    }

    /// Fails unless the node `snapshot` was read from belongs to a cluster: a node that knows no
    /// other node and serves no slot is a free node, and one free node cannot take in another.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` naming the node.
    func requireClusterMember(_ snapshot: ClusterSnapshot, role: String) throws(TribError) {
        if snapshot.topology.nodes.count == 1, snapshot.myself.slots.isEmpty {
            throw TribError(
                .preconditionFailed,
                "\(snapshot.seed), given as \(role), is a free node (it knows no other node and serves no slot), not a member of a cluster; "
                    + "give a node of the cluster, or make one with `start`",
                node: snapshot.seed
            )
        }
    }
}
