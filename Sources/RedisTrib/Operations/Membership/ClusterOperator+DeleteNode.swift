import RESP

extension ClusterOperator {
    /// `del_node`, redis-cli's `del-node`: the node with the id `nodeID` (or a unique prefix of it)
    /// leaves the cluster of `cluster`, whether it answers or not.
    ///
    /// A node that answers with its id quits (``quit(_:)``): a master's slots move to the other
    /// masters first (redis-cli refuses a master that holds slots), every other node forgets it,
    /// and it is reset. A node that does not answer with its id is forgotten
    /// (``forget(cluster:nodeID:)``), which refuses while it still owns slots or has replicas.
    ///
    /// - Throws: ``TribError`` `.invalidArgument` for an id that names no node of the cluster or
    ///   several; the refusals of ``quit(_:)`` and ``forget(cluster:nodeID:)``; nothing is changed then.
    @discardableResult
    public func deleteNode(cluster: NodeAddress, nodeID: String) async throws(TribError) -> NodeDeletion {
        let node = try await node(try NodeReference(parsing: nodeID), inClusterOf: cluster)
        if let address = node.address, await answers(node) {
            return .quit(address, try await quit(address))
        }
        return .forgotten(try await forget(cluster: cluster, nodeID: node.id))
    }
}
