import RESP

extension NodeClient {
    /// The node's view of the cluster from its `CLUSTER NODES` and `CLUSTER INFO` replies (its own
    /// entry given this client's address when it does not know its own), and the `CLUSTER INFO` fields.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` when the node is not cluster-enabled, `.nodeError`
    ///   when either command failed, `.unexpectedReply` when `CLUSTER NODES` cannot be read.
    func view(nodes: RESPValue, info: RESPValue) throws(TribError) -> (view: NodeView, info: [String: String]) {
        for (command, reply) in zip(["CLUSTER NODES", "CLUSTER INFO"], [nodes, info]) where reply.isError {
            let text = reply.string ?? ""
            if text.contains("cluster support disabled") {
                throw TribError(.preconditionFailed, "\(address) is not cluster-enabled (cluster-enabled no)", node: address)
            }
            throw TribError(.nodeError, "\(command) failed: \(text)", node: address)
        }
        var topology = try topology(from: nodes)
        if let index = topology.nodes.firstIndex(where: \.isMyself), topology.nodes[index].address == nil {
            topology.nodes[index].address = address
        }
        let fields = NodeClient.fields(info.string ?? "")
        return (NodeView(address: address, topology: topology, clusterState: fields["cluster_state"] ?? "unknown"), fields)
    }
}
