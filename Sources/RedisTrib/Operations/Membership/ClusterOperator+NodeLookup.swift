import RESP

extension ClusterOperator {
    /// The node of the cluster of `cluster` that `reference` names, as `cluster` lists it.
    ///
    /// An id or prefix is matched against the ids of the nodes `cluster` knows (failed ones
    /// included), and refused when a node with another id answers at the address listed for it. An address is matched by id too, never by its text: the node at the address is
    /// asked `CLUSTER MYID`, so `localhost:7000` finds the node the cluster lists as `127.0.0.1:7000`.
    /// Reads only.
    ///
    /// - Parameters:
    ///   - reference: the node, by address or by id or prefix.
    ///   - cluster: any node of the cluster to look it up in.
    /// - Throws: ``TribError`` `.invalidArgument` for an id no node has (naming `cluster`) or a prefix
    ///   several nodes share (naming each); `.preconditionFailed` for an address whose node is not a
    ///   member of the cluster; the error of reaching `cluster` or the address.
    public func node(_ reference: NodeReference, inClusterOf cluster: NodeAddress) async throws(TribError) -> ClusterNode {
        let (nodes, _) = try await listNodes(cluster)
        guard case .address(let address) = reference else {
            let node = try reference.match(in: nodes, of: cluster)
            // The address the cluster lists may be another node's by now (a dead node replaced on its port).
            if let listed = node.address, let answering = try? await client(listed).myID(), answering != node.id {
                throw TribError(
                    .preconditionFailed,
                    "the cluster of \(cluster) lists node \(node.id.prefix(12))… at \(listed), but the node answering there is "
                        + "\(answering.prefix(12))…: the id's node is gone from that address",
                    node: listed
                )
            }
            return node
        }
        let id = try await client(address).myID()
        guard let node = nodes.first(where: { $0.id == id }) else {
            throw TribError(
                .preconditionFailed,
                "\(address) (id \(id.prefix(12))…) is not a member of the cluster of \(cluster) (\(nodes.count) known nodes)",
                node: address
            )
        }
        return node
    }
}
