import RESP

extension ClusterOperator {
    /// `quit`: the node leaves its cluster. A master's slots first move to the other masters
    /// evenly; every other node forgets it; the node is reset.
    ///
    /// It can be run again after an interruption and finishes the job: moves left open from the
    /// node are finished first, the slots it still holds move on, and nodes that forgot it already
    /// are passed over.
    ///
    /// - Returns: what moved off the node: slots and keys, counted by the migration engine (none
    ///   for a replica or a master without slots).
    /// - Throws: ``TribError`` for the last node of a cluster, a master that still has replicas, or open slots.
    @discardableResult
    public func quit(_ node: NodeAddress) async throws(TribError) -> MigrationSummary {
        let initial = try await snapshot(of: node)
        let others = initial.topology.nodes.filter { $0.id != initial.myself.id }
        guard !others.isEmpty else {
            throw TribError(
                .preconditionFailed,
                initial.myself.slots.isEmpty
                    ? "\(node) is in no cluster: it knows no other node and serves no slot (a quit that finished leaves it so)"
                    : "\(node) is the last node of its cluster; use `shutdown` to dissolve it",
                node: node)
        }
        let replicas = initial.topology.replicas(of: initial.myself.id)
        if initial.myself.isMaster, !replicas.isEmpty {
            let names = replicas.map { initial.name(of: $0.id) }.joined(separator: ", ")
            throw TribError(
                .preconditionFailed,
                "\(node) is a master with \(replicas.count) replica(s) (\(names)); remove them first",
                node: node
            )
        }
        let snapshot = try await finishingInterruptedMoves(of: initial.myself.id, in: initial, operation: "quit")
        let me = snapshot.myself
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
            do throws(TribError) {
                try await trib.client(address).send("CLUSTER", "FORGET", id)
            } catch  where error.message.contains("Unknown node") {
                // Forgotten already, by an earlier quit that stopped part way.
            }
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
