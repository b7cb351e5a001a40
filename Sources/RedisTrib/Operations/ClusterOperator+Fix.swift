import RESP

extension ClusterOperator {
    /// `fix`: repairs every state `check` reports as repairable, and returns the plan it followed.
    ///
    /// Every node that can be reached is asked how it sees itself and the cluster, every master how
    /// many keys it holds in the slots it does not own and in the slots the views dispute
    /// (`CLUSTER COUNTKEYSINSLOT`, every database), and the repairs are worked out from those facts
    /// (``FixPlan``): half-done moves finished from the node that owns the slot,
    /// slots no master owns added to the master holding keys of them (or spread over the masters with
    /// the fewest slots), slots the views give to several masters kept by the one with the most keys,
    /// keys on a master that does not own their slot moved into its keeper by the migration engine
    /// (equal values are fine, different ones stop the move unless `--replace`), and a replica's stale
    /// marker cleared. No key is dropped: a choice that could lose keys stops `fix` before its first
    /// change, with what is known in the message. In a dry run the plan is returned and nothing sent
    /// but reads.
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - takeUnreachableSlots: whether slots whose only owner does not answer are given to a live
    ///     master (the keys on the silent owner cannot be counted and are lost should it come back).
    /// - Throws: ``TribError`` when a node cannot be reached, another operation holds a master's
    ///   move lease, a slot cannot be decided, or keys differ on both sides of a move.
    @discardableResult
    public func fix(_ node: NodeAddress, takeUnreachableSlots: Bool = false) async throws(TribError) -> FixPlan {
        let seed = try await snapshot(of: node)
        try requireClusterMember(seed, role: "the cluster")
        // Every master's lease: no other operation may move slots while fix decides and acts.
        return try await withMoveLeases(on: seed.liveMasters.compactMap(\.address), operation: "fix") { () async throws(TribError) in
            try await fixLeased(node, takeUnreachableSlots: takeUnreachableSlots)
        }
    }

    /// Finishes only the moves left open to or from node `id` (an interrupted `join` or `quit` of
    /// it), as `fix` finishes them, leaving everything else in the cluster of `node` as it is.
    @discardableResult
    func fixOpenSlots(involving id: String, of node: NodeAddress) async throws(TribError) -> FixPlan {
        let seed = try await snapshot(of: node)
        return try await withMoveLeases(on: seed.liveMasters.compactMap(\.address), operation: "fix") { () async throws(TribError) in
            try await fixLeased(node, takeUnreachableSlots: false, onlyOpenSlotsOf: id)
        }
    }

    private func fixLeased(_ node: NodeAddress, takeUnreachableSlots: Bool, onlyOpenSlotsOf id: String? = nil) async throws(TribError) -> FixPlan {
        var (snapshot, facts, running) = try await fixFacts(of: node)
        facts.takeUnreachable = takeUnreachableSlots
        // Every master in parallel, one pipeline per database, as check counts them (not needed for open slots alone).
        let toCount = id == nil ? FixPlanner.slotsToCount(facts).sorted { $0.key < $1.key } : []
        var slotsByAddress: [NodeAddress: [HashSlot]] = [:]
        var addresses: [NodeAddress] = []
        for (id, slots) in toCount {
            let address = try address(id, in: facts.open)
            slotsByAddress[address] = slots
            addresses.append(address)
        }
        let asked = slotsByAddress
        let counts = try await forEachNode(addresses) { trib, address throws(TribError) -> [HashSlot: Int] in
            let client = try await trib.client(address)
            return try await client.keyCounts(asked[address] ?? [], databases: try await client.clusterDatabases()).filter { $0.value > 0 }
        }
        for ((id, _), held) in zip(toCount, counts) {
            facts.keys[id] = held
        }
        let outcome = FixPlanner.plan(facts, onlyOpenSlotsOf: id)
        var refusals = running.map { "\($0) is still running" } + outcome.refusals
        if options.replaceBusyKeys, let stray = outcome.repairs.first(where: { $0.kind == .moveStrayKeys }) {
            refusals.append(
                "--replace would let the stray copies on \(stray.nodes.first.map(String.init(describing:)) ?? "a master") overwrite the values "
                    + "their keeper serves to clients: run fix without it; a key whose values differ then stops the move, naming it, "
                    + "with both copies kept")
        }
        refusals += try await staleImportsWithKeys(outcome.repairs, facts: facts.open)
        guard refusals.isEmpty else {
            throw TribError(
                .preconditionFailed,
                "fix changed nothing: " + refusals.prefix(5).joined(separator: "; ")
                    + (refusals.count > 5 ? "; and \(refusals.count - 5) more" : ""),
                node: snapshot.seed
            )
        }
        let settings = id == nil ? try await settingsToRestore(facts) : []
        let plan = FixPlan(repairs: outcome.repairs + settings, applied: !options.dryRun)
        if plan.isEmpty {
            step("nothing to fix in the cluster of \(node)")
        }
        for (index, repair) in plan.repairs.enumerated() {
            step("plan \(index + 1): \(repair.message)")
        }
        guard !options.dryRun, !plan.isEmpty else { return plan }
        options.events?(.fixPlanned(FixPlan(repairs: plan.repairs, applied: false)))
        let (leftUndone, stuck) = try await apply(plan.repairs, facts: facts, snapshot: snapshot)
        try await waitForAgreement(from: node, requireStateOK: false, ignoringMarkersOf: stuck)
        return FixPlan(repairs: plan.repairs, applied: true, leftUndone: leftUndone)
    }

    /// A repair for every node that answered and keeps its own record of settings a killed run
    /// changed (``SavedSettings``); a node that refuses `FUNCTION LIST` has none, and a record of a
    /// run that still runs is left to it.
    private func settingsToRestore(_ facts: FixFacts) async throws(TribError) -> [FixRepair] {
        let ids = facts.topologies.keys.sorted()
        var addresses: [NodeAddress] = []
        var idOf: [NodeAddress: String] = [:]
        for id in ids {
            let address = try address(id, in: facts.open)
            addresses.append(address)
            idOf[address] = id
        }
        let records = try await forEachNode(addresses) { [idOf] trib, address throws(TribError) -> SavedSettings? in
            let client = try await trib.client(address)
            guard let id = idOf[address], let saved = SavedSettings.record(of: id, in: try await client.pipeline([SavedSettings.listCommand])[0]) else {
                return nil
            }
            // Only a node with a record is asked for its clients (a busy node lists thousands).
            let clients = try await client.pipeline([SavedSettings.clientListCommand])[0]
            return saved.isHeld(clientList: clients) ? nil : saved
        }
        return zip(ids, records).compactMap { id, saved in
            guard let saved else { return nil }
            return FixRepair(
                .restoreSettings,
                "\(facts.name(id)) gets back \(saved.summary), which a redis-trib run changed while it waited and was stopped before it put back",
                nodes: [facts.reference(id)], slots: SlotSet(), action: .restoreSettings(saved, node: id))
        }
    }

    /// Refusals for stale `IMPORTING` markers on nodes that hold keys of their slot: a marker is
    /// cleared only where no key of its slot sits.
    private func staleImportsWithKeys(_ repairs: [FixRepair], facts: OpenSlotRepair.Facts) async throws(TribError) -> [String] {
        var staleByNode: [String: [HashSlot]] = [:]
        for case .openSlot(.clearStaleImport(let slot, let nodeID, _, _)) in repairs.map(\.action) {
            staleByNode[nodeID, default: []].append(slot)
        }
        var refusals: [String] = []
        for (nodeID, slots) in staleByNode.sorted(by: { $0.key < $1.key }) {
            let client = try await client(try address(nodeID, in: facts))
            let counts = try await client.keyCounts(slots, databases: try await client.clusterDatabases())
            for slot in slots where (counts[slot] ?? 0) > 0 {
                refusals.append(
                    "slot \(slot) is importing into \(facts.name(nodeID)) from a node that does not own it; \(facts.name(nodeID)) holds "
                        + "\(counts[slot] ?? 0) key(s) of it, which fix will not drop")
            }
        }
        return refusals
    }

    /// Makes the repairs in order; returns the sentences of those a server refused and that were
    /// left as they were (a replica refusing `SETSLOT`), and the nodes whose markers stay.
    private func apply(
        _ repairs: [FixRepair], facts: FixFacts, snapshot: ClusterSnapshot
    ) async throws(TribError) -> (leftUndone: [String], stuck: Set<String>) {
        var leftUndone: [String] = []
        var stuck: Set<String> = []
        var pairs: [String: (source: ClusterNode, target: ClusterNode, slots: [HashSlot])] = [:]
        for repair in repairs {
            guard case .openSlot(let open) = repair.action else { continue }
            switch open {
            case .finish(let slot, let sourceID, let targetID):
                guard let source = facts.open.views[sourceID] ?? facts.open.cluster.node(id: sourceID),
                    let target = facts.open.views[targetID] ?? facts.open.cluster.node(id: targetID)
                else {
                    leftUndone.append(
                        "slot \(slot): \(facts.open.name(sourceID)) or \(facts.open.name(targetID)) is no longer known, so its move was not finished")
                    continue
                }
                pairs["\(sourceID)>\(targetID)", default: (source, target, [])].slots.append(slot)
            case .closeOnSource(let slot, let sourceID, _), .clearStaleImport(let slot, let sourceID, _, _):
                step(repair.message)
                try await client(try address(sourceID, in: facts.open)).send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
            }
        }
        var moves: [SlotMove] = []
        for (_, pair) in pairs.sorted(by: { $0.key < $1.key }) {
            moves.append(try await slotMove(pair.slots, from: pair.source, to: pair.target, in: snapshot))
        }
        if !moves.isEmpty {
            try await MigrationEngine(trib: self).run(moves)
        }
        for repair in repairs {
            switch repair.action {
            case .openSlot: continue
            case .assign(let slots, let keeper):
                step(repair.message)
                let client = try await client(try address(keeper, in: facts.open))
                _ = try await client.pipelineChecked(
                    slots.ranges.map { RedisCommand("CLUSTER", "ADDSLOTSRANGE", String($0.lowerBound), String($0.upperBound)) })
                _ = try await client.send("CLUSTER", "BUMPEPOCH")
            case .take(let slots, let keeper), .settle(let slots, let keeper):
                step(repair.message)
                try await tell(slots, keeper: keeper, facts: facts)
            case .moveKeys(let slots, let source, let keeper, let sourceOwns):
                step(repair.message)
                try await moveStrayKeys(slots, from: source, to: keeper, sourceOwns: sourceOwns, facts: facts, snapshot: snapshot)
            case .restoreSettings(let saved, let node):
                step(repair.message)
                try await restore(saved, on: try address(node, in: facts.open))
            case .clearReplicaMarker(let slots, let replica):
                step(repair.message)
                let client = try await client(try address(replica, in: facts.open))
                let replies = try await client.pipeline(slots.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "STABLE") })
                if let refusal = replies.first(where: \.isError) {
                    stuck.insert(replica)
                    leftUndone.append(
                        "\(facts.open.name(replica)) refused CLUSTER SETSLOT STABLE (\(refusal.string ?? "an error")): "
                            + "its marker on slot(s) \(slots) stays; neither Redis 7.0 nor Valkey 9 lets a command clear a replica's marker: "
                            + "stop the replica, remove the marker from its own line in nodes.conf, and start it again")
                }
            }
        }
        return (leftUndone, stuck)
    }

    /// `CLUSTER SETSLOT s NODE keeper` on `keeper` first, then on every other master that answered,
    /// then `CLUSTER BUMPEPOCH` on `keeper` so that its claim wins over any older one.
    private func tell(_ slots: SlotSet, keeper: String, facts: FixFacts) async throws(TribError) {
        let commands = slots.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "NODE", keeper) }
        let keeperClient = try await client(try address(keeper, in: facts.open))
        _ = try await keeperClient.pipelineChecked(commands)
        for id in facts.open.views.keys.sorted() where id != keeper {
            _ = try await client(try address(id, in: facts.open)).pipelineChecked(commands)
        }
        _ = try await keeperClient.send("CLUSTER", "BUMPEPOCH")
    }

    /// Moves the keys of `slots` on `source` into `keeper` with the migration engine. The slots
    /// `source` does not own by its own view are opened `IMPORTING` from `keeper` on `source` for the
    /// move (so that `MIGRATE` serves them there) and closed after it.
    private func moveStrayKeys(
        _ slots: SlotSet, from source: String, to keeper: String, sourceOwns: SlotSet, facts: FixFacts, snapshot: ClusterSnapshot
    ) async throws(TribError) {
        guard let sourceNode = facts.open.views[source], let keeperNode = facts.open.views[keeper] else {
            throw TribError(.preconditionFailed, "\(facts.open.name(source)) or \(facts.open.name(keeper)) no longer answers")
        }
        let sourceClient = try await client(try address(source, in: facts.open))
        let opened = slots.subtracting(sourceOwns)
        if !opened.isEmpty {
            _ = try await sourceClient.pipelineChecked(opened.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "IMPORTING", keeper) })
        }
        let closing = opened.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "STABLE") }
        do throws(TribError) {
            var move = try await slotMove(Array(slots), from: sourceNode, to: keeperNode, in: snapshot)
            move.sourceImports = !opened.isEmpty
            try await MigrationEngine(trib: self).run([move])
        } catch {
            // Left open, the marker would read as a move from the keeper to the source: closed
            // again, the keys left on the source are stray keys as before, for the next fix.
            guard !opened.isEmpty, (try? await sourceClient.pipelineChecked(closing)) != nil else { throw error }
            var closed = error
            closed.message += " (fix closed slot(s) \(opened) on \(facts.open.name(source)) again: its keys of them stay there, for the next fix)"
            throw closed
        }
        if !opened.isEmpty {
            _ = try await sourceClient.pipelineChecked(closing)
        }
    }

    /// The cluster as `node` sees it, the facts of every reachable node, and the Valkey atomic
    /// migration jobs still running.
    ///
    /// A running job is the server's own move (one whose tool was stopped goes on without it): it
    /// is waited for, up to the wait timeout, and the cluster read again once it ends; the jobs
    /// still running then are refusals of `fix`. Nodes flagged failed are asked too (a flag may be
    /// stale); those that do not answer are left out, which the decisions read as "out of reach".
    private func fixFacts(of node: NodeAddress) async throws(TribError) -> (ClusterSnapshot, FixFacts, running: [String]) {
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
                var masters: [String: ClusterNode] = [:]
                var topologies: [String: ClusterTopology] = [:]
                var replicas: [ClusterNode] = []
                for report in reports {
                    topologies[report.view.id] = report.cluster
                    if report.view.isReplica {
                        replicas.append(report.view)
                    } else {
                        masters[report.view.id] = report.view
                    }
                }
                let facts = FixFacts(
                    open: OpenSlotRepair.Facts(views: masters, cluster: snapshot.topology), topologies: topologies, replicas: replicas)
                return (snapshot, facts, running)
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
