import RESP

extension ClusterOperator {
    /// `quit`: the node leaves its cluster. A master's slots first move to the other masters
    /// evenly; every other node forgets it; the node is reset.
    ///
    /// - Returns: what moved off the node: slots and keys, counted by the migration engine (none
    ///   for a replica or a master without slots).
    /// - Throws: ``TribError`` for the last node of a cluster, a master that still has replicas, or open slots.
    @discardableResult
    public func quit(_ node: NodeAddress) async throws(TribError) -> MigrationSummary {
        let snapshot = try await snapshot(of: node)
        let me = snapshot.myself
        let others = snapshot.topology.nodes.filter { $0.id != me.id }
        guard !others.isEmpty else {
            throw TribError(.preconditionFailed, "\(node) is the last node of its cluster; use `shutdown` to dissolve it", node: node)
        }
        let replicas = snapshot.topology.replicas(of: me.id)
        if me.isMaster, !replicas.isEmpty {
            let names = replicas.map { snapshot.name(of: $0.id) }.joined(separator: ", ")
            throw TribError(
                .preconditionFailed,
                "\(node) is a master with \(replicas.count) replica(s) (\(names)); remove them first",
                node: node
            )
        }
        try await requireNoOpenSlots(snapshot)
        let receivers = snapshot.liveMasters.filter { $0.id != me.id }
        var summary = MigrationSummary.nothingMoved
        if me.isMaster, !me.slots.isEmpty {
            guard !receivers.isEmpty else {
                throw TribError(.preconditionFailed, "\(node) holds slots \(me.slots) and no other live master can take them", node: node)
            }
            let balancer = Balancer { candidate in candidate.id == me.id ? 0 : 1 }
            summary = try await rebalance(snapshot, balancer: balancer, plan: .evenSplit)
            try await waitForAgreement(from: try snapshot.address(of: receivers[0]))
        }
        let remaining = snapshot.liveNodes.filter { $0.id != me.id }.compactMap(\.address)
        step("every other node forgets \(node)")
        let id = me.id
        _ = try await forEachNode(remaining) { trib, address throws(TribError) in
            try await trib.client(address).send("CLUSTER", "FORGET", id)
        }
        step("resetting \(node)")
        try await client(node).send("CLUSTER", "RESET", "HARD")
        if let anchor = remaining.first {
            try await waitForAgreement(from: anchor, requireStateOK: !receivers.isEmpty)
        }
        return summary
    }

    /// `shutdown`: dissolves a cluster that has one node left and no keys.
    ///
    /// - Parameters:
    ///   - node: the last node of the cluster.
    ///   - ignoreFailed: also when the other nodes it knows are all failing.
    /// - Throws: ``TribError`` when other nodes remain or the node holds keys.
    public func shutdown(_ node: NodeAddress, ignoreFailed: Bool = false) async throws(TribError) {
        let snapshot = try await snapshot(of: node)
        let me = snapshot.myself
        let others = snapshot.topology.nodes.filter { $0.id != me.id && !(ignoreFailed && $0.isFailed) }
        guard others.isEmpty else {
            let names = others.prefix(5).map { snapshot.name(of: $0.id) }.joined(separator: ", ")
            throw TribError(
                .preconditionFailed,
                "\(node) is not the last node of its cluster (\(others.count) other: \(names))"
                    + (ignoreFailed ? "" : "; --ignore-failed skips nodes that are failing"),
                node: node
            )
        }
        let keys = try await client(node).keyCount()
        guard keys == 0 else {
            throw TribError(.preconditionFailed, "\(node) still holds \(keys) keys", node: node)
        }
        step("resetting \(node)")
        try await client(node).send("CLUSTER", "RESET", "HARD")
    }
}
