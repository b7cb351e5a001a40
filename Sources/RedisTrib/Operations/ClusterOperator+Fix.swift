import RESP

extension ClusterOperator {
    /// `fix`: finishes every half-done slot migration in the cluster of `node`.
    ///
    /// Every node that can be reached is asked how it sees itself, and each open slot is decided
    /// from those facts (``OpenSlotRepair``), never from a marker alone: a move is finished only
    /// from the node that owns the slot, a stale `IMPORTING` that names a node not owning the slot
    /// is cleared only where no key of the slot sits, and a slot is closed on its owner only when
    /// its target is out of reach and agreed failed. Any slot that cannot be decided stops `fix`
    /// before its first change, with the markers, owners and keys of that slot in the message.
    /// - Throws: ``TribError`` when a node cannot be reached, another operation holds a master's
    ///   move lease (``MoveLease``), a slot cannot be decided, or keys differ on both sides.
    public func fix(_ node: NodeAddress) async throws(TribError) {
        try await requireClusterMember(node, role: "the cluster")
        // Every master's lease: no other operation may move slots while fix decides and acts.
        let masters = try await snapshot(of: node).liveMasters.compactMap(\.address)
        try await withMoveLeases(on: masters, operation: "fix") { () async throws(TribError) in
            try await fixLeased(node)
        }
    }

    private func fixLeased(_ node: NodeAddress) async throws(TribError) {
        // A running atomic job is the server's own move (one whose tool was stopped goes on
        // without it): fix waits for it to end, up to --timeout, before reading anything.
        try await waitForAtomicMigrations(in: try await snapshot(of: node))
        let snapshot = try await snapshot(of: node)
        let facts = try await openSlotFacts(snapshot)
        let open = facts.openSlots
        if open.isEmpty {
            step("no slot is open in the cluster of \(node)")
        }
        var repairs: [OpenSlotRepair] = []
        var refusals = try await runningAtomicMigrations(snapshot).map { "\($0) is still running" }
        for slot in open {
            switch OpenSlotRepair.decide(slot, facts: facts) {
            case .success(let repair): repairs.append(repair)
            case .failure(let refusal): refusals.append(refusal.reason)
            }
        }
        // A stale marker is cleared only where no key of its slot sits.
        for case .clearStaleImport(let slot, let nodeID, let named, let ownerID) in repairs {
            let keys = try await client(try address(nodeID, in: facts)).keysInSlot(slot)
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

    /// Returns once no Valkey atomic migration job runs in the cluster, or when the wait timeout
    /// ends (the jobs still running are then refusals of `fix`).
    private func waitForAtomicMigrations(in snapshot: ClusterSnapshot) async throws(TribError) {
        let deadline = ContinuousClock.now + SecondsConversion.duration(options.waitTimeout)
        var running = try await runningAtomicMigrations(snapshot)
        if !running.isEmpty {
            step("waiting for \(running.count) atomic slot migration job(s) to end: \(running.joined(separator: "; "))")
        }
        while !running.isEmpty, ContinuousClock.now < deadline {
            try checkCancellation()
            try? await Task.sleep(for: SecondsConversion.duration(options.pollInterval))
            running = try await runningAtomicMigrations(snapshot)
        }
    }

    /// Every reachable node's view of itself, and the seed's view of the cluster.
    ///
    /// Nodes flagged failed are asked too (a flag may be stale); those that do not answer are left
    /// out, which the decisions read as "out of reach".
    func openSlotFacts(_ snapshot: ClusterSnapshot) async throws(TribError) -> OpenSlotRepair.Facts {
        let addresses = snapshot.topology.nodes
            .filter { !$0.isInHandshake && !$0.flags.contains(.noAddress) }
            .compactMap(\.address)
        let views = try await forEachNode(addresses) { trib, address throws(TribError) -> ClusterNode? in
            do throws(TribError) {
                return try await trib.snapshot(of: address).topology.myself
            } catch where error.code == .nodeError {
                return nil
            }
        }
        var byID: [String: ClusterNode] = [:]
        for view in views.compactMap({ $0 }) {
            byID[view.id] = view
        }
        return OpenSlotRepair.Facts(views: byID, cluster: snapshot.topology)
    }

    private func address(_ id: String, in facts: OpenSlotRepair.Facts) throws(TribError) -> NodeAddress {
        guard let address = facts.views[id]?.address ?? facts.cluster.node(id: id)?.address else {
            throw TribError(.preconditionFailed, "node \(id) has no known address")
        }
        return address
    }
}
