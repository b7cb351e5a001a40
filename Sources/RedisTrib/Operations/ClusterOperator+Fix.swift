import RESP

extension ClusterOperator {
    /// `fix`: finishes every half-done slot migration in the cluster of `node`.
    ///
    /// Every node that can be reached is asked how it sees itself, and each open slot is decided
    /// from those facts (`OpenSlotRepair`), never from a marker alone: a move is finished only
    /// from the node that owns the slot, a stale `IMPORTING` that names a node not owning the slot
    /// is cleared only where no key of the slot sits, and a slot is closed on its owner only when
    /// its target is out of reach and agreed failed. Any slot that cannot be decided stops `fix`
    /// before its first change, with the markers, owners and keys of that slot in the message.
    /// - Throws: ``TribError`` when a node cannot be reached, another operation holds a master's
    ///   move lease, a slot cannot be decided, or keys differ on both sides.
    public func fix(_ node: NodeAddress) async throws(TribError) {
        let seed = try await snapshot(of: node)
        try requireClusterMember(seed, role: "the cluster")
        // Every master's lease: no other operation may move slots while fix decides and acts.
        try await withMoveLeases(on: seed.liveMasters.compactMap(\.address), operation: "fix") { () async throws(TribError) in
            try await fixLeased(node)
        }
    }

    private func fixLeased(_ node: NodeAddress) async throws(TribError) {
        let (snapshot, facts, running) = try await openSlotFacts(of: node)
        let open = facts.openSlots
        if open.isEmpty {
            step("no slot is open in the cluster of \(node)")
        }
        var repairs: [OpenSlotRepair] = []
        var refusals = running.map { "\($0) is still running" }
        for slot in open {
            switch OpenSlotRepair.decide(slot, facts: facts) {
            case .success(let repair): repairs.append(repair)
            case .failure(let refusal): refusals.append(refusal.reason)
            }
        }
        // A stale marker is cleared only where no key of its slot sits.
        var staleByNode: [String: [HashSlot]] = [:]
        for case .clearStaleImport(let slot, let nodeID, _, _) in repairs {
            staleByNode[nodeID, default: []].append(slot)
        }
        var staleKeys: [String: [HashSlot: Int]] = [:]
        for (nodeID, slots) in staleByNode {
            let client = try await client(try address(nodeID, in: facts))
            staleKeys[nodeID] = try await client.keyCounts(slots, databases: try await client.clusterDatabases())
        }
        for case .clearStaleImport(let slot, let nodeID, let named, let ownerID) in repairs {
            let keys = staleKeys[nodeID]?[slot] ?? 0
            if keys > 0 {
                refusals.append(
                    "slot \(slot) is importing into \(facts.name(nodeID)) from \(facts.name(named)), which does not own it "
                        + "(owner: \(ownerID.map(facts.name) ?? "none")); \(facts.name(nodeID)) holds \(keys) key(s) of it, which fix will not drop"
                )
            }
        }
        guard refusals.isEmpty else {
            throw TribError(
                .preconditionFailed,
                "fix changed nothing: " + refusals.prefix(5).joined(separator: "; ")
                    + (refusals.count > 5 ? "; and \(refusals.count - 5) more slot(s)" : ""),
                node: snapshot.seed
            )
        }
        var pairs: [String: (source: ClusterNode, target: ClusterNode, slots: [HashSlot])] = [:]
        for repair in repairs {
            switch repair {
            case .finish(let slot, let sourceID, let targetID):
                guard let source = facts.views[sourceID] ?? facts.cluster.node(id: sourceID),
                    let target = facts.views[targetID] ?? facts.cluster.node(id: targetID)
                else { continue }
                pairs["\(sourceID)>\(targetID)", default: (source, target, [])].slots.append(slot)
            case .closeOnSource(let slot, let sourceID, let targetID):
                let source = try address(sourceID, in: facts)
                step("slot \(slot): its target \(facts.name(targetID)) failed and does not answer; closing the slot on \(source), whose keys stay")
                try await client(source).send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
            case .clearStaleImport(let slot, let nodeID, let named, _):
                let address = try address(nodeID, in: facts)
                step("slot \(slot): \(address) imports it from \(facts.name(named)), which does not own it; clearing the marker (no key of the slot is there)")
                try await client(address).send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
            }
        }
        var moves: [SlotMove] = []
        for (_, pair) in pairs.sorted(by: { $0.key < $1.key }) {
            moves.append(try await slotMove(pair.slots, from: pair.source, to: pair.target, in: snapshot))
        }
        if !moves.isEmpty {
            try await MigrationEngine(trib: self).run(moves)
        }
        try await waitForAgreement(from: node, requireStateOK: false)
    }

    /// The cluster as `node` sees it, every reachable node's view of itself, and the Valkey atomic
    /// migration jobs still running.
    ///
    /// A running job is the server's own move (one whose tool was stopped goes on without it): it
    /// is waited for, up to the wait timeout, and the cluster read again once it ends; the jobs
    /// still running then are refusals of `fix`. Nodes flagged failed are asked too (a flag may be
    /// stale); those that do not answer are left out, which the decisions read as "out of reach".
    private func openSlotFacts(of node: NodeAddress) async throws(TribError) -> (ClusterSnapshot, OpenSlotRepair.Facts, running: [String]) {
        let deadline = ContinuousClock.now + SecondsConversion.duration(options.waitTimeout)
        var waited = false
        while true {
            let snapshot = try await snapshot(of: node)
            let addresses = snapshot.topology.nodes
                .filter { !$0.isInHandshake && !$0.flags.contains(.noAddress) }
                .compactMap(\.address)
            let reports = try await selfReports(addresses, skippingSilent: true).compactMap { $0 }
            let running = NodeSelfReport.runningJobs(in: reports, names: snapshot)
            if running.isEmpty || ContinuousClock.now >= deadline {
                var views: [String: ClusterNode] = [:]
                for report in reports {
                    views[report.view.id] = report.view
                }
                return (snapshot, OpenSlotRepair.Facts(views: views, cluster: snapshot.topology), running)
            }
            if !waited {
                step("waiting for \(running.count) atomic slot migration job(s) to end: \(running.joined(separator: "; "))")
                waited = true
            }
            try checkCancellation()
            try? await Task.sleep(for: SecondsConversion.duration(options.pollInterval))
        }
    }

    private func address(_ id: String, in facts: OpenSlotRepair.Facts) throws(TribError) -> NodeAddress {
        guard let address = facts.views[id]?.address ?? facts.cluster.node(id: id)?.address else {
            throw TribError(.preconditionFailed, "node \(id) has no known address")
        }
        return address
    }
}
