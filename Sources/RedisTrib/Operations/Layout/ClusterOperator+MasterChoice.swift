import RESP

extension ClusterOperator {
    /// `replicate --any-master`: a free node joins the cluster of `cluster` as a replica of the
    /// master ``LayoutPlanner/chooseMaster(for:among:)`` picks: on another host than the replica,
    /// with the fewest replicas, in another zone where zones are known; masters that serve slots
    /// come before empty ones.
    ///
    /// - Returns: the master it replicates.
    /// - Throws: ``TribError`` when the replica is not free, `cluster` is no member of a cluster,
    ///   or the cluster has no live master.
    @discardableResult
    public func replicate(cluster: NodeAddress, replica: NodeAddress) async throws(TribError) -> NodeAddress {
        try await requireDistinctNodes([cluster, replica])
        try await requireFreeNode(replica)
        let snapshot = try await snapshot(of: cluster)
        try requireClusterMember(snapshot, role: "the cluster node")
        let serving = snapshot.liveMasters.filter { !$0.slots.isEmpty }
        let masters = serving.isEmpty ? snapshot.liveMasters : serving
        let addresses = try masters.map { node throws(TribError) in try snapshot.address(of: node) }
        let placed = try await layoutNodes(addresses + [replica])
        var candidates: [LayoutPlanner.MasterCandidate] = []
        for (master, node) in zip(masters, placed) {
            var replicas: [LayoutNode] = []
            for other in snapshot.topology.nodes where other.masterID == master.id {
                if let address = other.address {
                    replicas.append(LayoutNode(address: address, host: try HostResolver.ipAddress(of: address)))
                }
            }
            candidates.append(LayoutPlanner.MasterCandidate(master: node, id: master.id, replicas: replicas))
        }
        guard let newNode = placed.last, let chosen = LayoutPlanner.chooseMaster(for: newNode, among: candidates) else {
            throw TribError(.preconditionFailed, "the cluster of \(cluster) has no live master to replicate", node: cluster)
        }
        step("\(replica) is given master \(chosen.master.address) (\(chosen.replicas.count) replica(s), host \(chosen.master.host))")
        try await replicate(master: chosen.master.address, replica: replica)
        return chosen.master.address
    }

    /// `add-node --replica --master-id ID`: a free node joins as a replica of the master with this
    /// id (or unique prefix of at least 8 hex digits) in the cluster of `cluster`.
    ///
    /// - Returns: the master it replicates.
    /// - Throws: ``TribError`` `.invalidArgument` for an id no node has, or one of a replica;
    ///   the errors of ``replicate(master:replica:)``.
    @discardableResult
    public func replicate(cluster: NodeAddress, masterID: String, replica: NodeAddress) async throws(TribError) -> NodeAddress {
        let notAnID = TribError(.invalidArgument, "--master-id '\(masterID)' is not a node id (40 hex digits, or a unique prefix of at least 8)")
        guard !masterID.isEmpty, masterID.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { throw notAnID }
        let reference = try NodeReference(parsing: masterID)
        guard case .id = reference else { throw notAnID }
        let master = try await node(reference, inClusterOf: cluster)
        guard master.isMaster else {
            throw TribError(
                .invalidArgument,
                "node \(master.id.prefix(12))… (\(master.address?.description ?? "no address")) is a replica, not a master",
                node: master.address
            )
        }
        guard let address = master.address else {
            throw TribError(.preconditionFailed, "the master \(master.id) has no address in the view of \(cluster)", node: cluster)
        }
        try await replicate(master: address, replica: replica)
        return address
    }
}
