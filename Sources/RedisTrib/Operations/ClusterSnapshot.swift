import RESP

/// A cluster as one node sees it, with the addresses to reach its members.
struct ClusterSnapshot: Sendable {
    /// The node that was asked.
    var seed: NodeAddress
    /// What it sees; its own entry carries the address it was reached at when it does not know its own.
    var topology: ClusterTopology

    /// The seed's own entry.
    var myself: ClusterNode {
        topology.myself ?? ClusterNode(id: "", address: seed, flags: [.myself])
    }

    /// Nodes that can be talked to: not failed, not in handshake, with an address.
    var liveNodes: [ClusterNode] {
        topology.nodes.filter { !$0.isFailed && !$0.isInHandshake && $0.address != nil && !$0.flags.contains(.noAddress) }
    }

    /// Live masters.
    var liveMasters: [ClusterNode] {
        liveNodes.filter(\.isMaster)
    }

    /// The address of a node, or an error naming it.
    func address(of node: ClusterNode) throws(TribError) -> NodeAddress {
        guard let address = node.address else {
            throw TribError(.preconditionFailed, "node \(node.id) has no address in the view of \(seed)", node: seed)
        }
        return address
    }

    /// `HOST:PORT` of a node id, or the id.
    func name(of id: String) -> String {
        topology.node(id: id)?.address?.description ?? id
    }
}

extension ClusterOperator {
    /// Reads the cluster as `seed` sees it.
    ///
    /// - Throws: ``TribError`` when the node cannot be reached or is not cluster-enabled.
    func snapshot(of seed: NodeAddress) async throws(TribError) -> ClusterSnapshot {
        let client = try await client(seed)
        var topology = try client.topology(from: try await client.clusterReply(RedisCommand("CLUSTER", "NODES")))
        if let index = topology.nodes.firstIndex(where: \.isMyself), topology.nodes[index].address == nil {
            topology.nodes[index].address = seed
        }
        return ClusterSnapshot(seed: seed, topology: topology)
    }

    /// Checks that a node can join a cluster: cluster-enabled, alone, no slots, no keys.
    ///
    /// - Parameter seen: the node's view when the caller read it already.
    func requireFreeNode(_ address: NodeAddress, seen: ClusterSnapshot? = nil) async throws(TribError) {
        let snapshot: ClusterSnapshot
        if let seen {
            snapshot = seen
        } else {
            snapshot = try await self.snapshot(of: address)
        }
        let client = try await client(address)
        if snapshot.topology.nodes.count > 1 {
            throw TribError(
                .preconditionFailed,
                "\(address) already belongs to a cluster (\(snapshot.topology.nodes.count) known nodes)",
                node: address
            )
        }
        if !snapshot.myself.slots.isEmpty {
            throw TribError(.preconditionFailed, "\(address) already serves slots \(snapshot.myself.slots)", node: address)
        }
        let keys = try await client.keyCount()
        if keys > 0 {
            throw TribError(.preconditionFailed, "\(address) is not empty (\(keys) keys)", node: address)
        }
    }

    /// Refuses when slots are already open in the cluster (another operation, or an interrupted one), unless `--force`.
    ///
    /// Only a node's own `CLUSTER NODES` line shows its open slots, so every live node is asked;
    /// a Valkey atomic migration job still running counts as open too.
    /// - Returns: each live node's view of itself, as read for the check (nothing with `--force`).
    @discardableResult
    func requireNoOpenSlots(_ snapshot: ClusterSnapshot, except allowed: @escaping @Sendable (ClusterNode, HashSlot) -> Bool = { _, _ in false })
        async throws(TribError) -> [NodeSelfReport]
    {
        guard !options.force else { return [] }
        let reports = try await selfReports(snapshot.liveNodes.compactMap(\.address)).compactMap { $0 }
        var open = NodeSelfReport.runningJobs(in: reports, names: snapshot)
        for node in reports.map(\.view) {
            let address = node.address?.description ?? node.id
            for (slot, target) in node.migrating.sorted(by: { $0.key < $1.key }) where !allowed(node, slot) {
                open.append("slot \(slot) migrating from \(address) to \(snapshot.name(of: target))")
            }
            for (slot, source) in node.importing.sorted(by: { $0.key < $1.key }) where !allowed(node, slot) {
                open.append("slot \(slot) importing into \(address) from \(snapshot.name(of: source))")
            }
        }
        guard !open.isEmpty else { return reports }
        let shown = open.prefix(5).joined(separator: "; ") + (open.count > 5 ? "; and \(open.count - 5) more" : "")
        throw TribError(
            .preconditionFailed,
            "the cluster of \(snapshot.seed) has slots in migration (\(shown)): another operation may be running; "
                + "finish them with `redis-trib fix \(snapshot.seed)` or go on with --force",
            node: snapshot.seed
        )
    }
}
