import RESP

extension ClusterOperator {
    /// `join_no_load`: a free node joins the cluster with no slots; it can receive slots later.
    ///
    /// - Throws: ``TribError`` when the new node is not free, is the cluster node under another
    ///   name, the cluster node is itself free, or cannot be reached.
    public func joinNoLoad(cluster: NodeAddress, newNode: NodeAddress) async throws(TribError) {
        try await requireDistinctNodes([cluster, newNode])
        try await requireFreeNode(newNode)
        try requireClusterMember(try await snapshot(of: cluster), role: "the cluster")
        try await addToCluster(cluster: cluster, newNode: newNode)
    }

    /// `join`: a free node joins as a master and slots are balanced to it.
    ///
    /// It can be run again after an interruption and finishes the job: when the new node is
    /// already a master of the cluster (an earlier `join` met it), the moves left open to it are
    /// finished and it gets what is still missing of its share; slots only ever move to it, so a
    /// rerun of a finished join moves nothing.
    ///
    /// - Parameters:
    ///   - cluster: any node of the cluster.
    ///   - newNode: the free node that joins.
    ///   - balancer: the weight of each master (all equal by default).
    ///   - plan: turns masters and weights into moves (an even split by default).
    /// - Returns: what moved to the new node: slots and keys, counted by the migration engine.
    /// - Throws: ``TribError`` when the new node is not free (nor a master of this cluster), other
    ///   slots are already open, or a move fails.
    @discardableResult
    public func join(
        cluster: NodeAddress,
        newNode: NodeAddress,
        balancer: Balancer = .even,
        plan: BalancePlan = .evenSplit
    ) async throws(TribError) -> MigrationSummary {
        try await requireDistinctNodes([cluster, newNode])
        let before = try await snapshot(of: cluster)
        let newView = try await snapshot(of: newNode)
        let newID = newView.myself.id
        var current = before
        if before.topology.node(id: newID) == nil, newView.topology.node(id: before.myself.id) != nil {
            // Met, but not yet known to the node asked: the gossip of an interrupted join.
            try await addToCluster(cluster: cluster, newNode: newNode)
            current = try await snapshot(of: cluster)
            if options.dryRun, current.topology.node(id: newID) == nil {
                // The MEET was held back: go on as if it had been sent.
                current.topology.nodes.append(newView.myself)
            }
        }
        var snapshot: ClusterSnapshot
        if let member = current.topology.node(id: newID) {
            guard member.isMaster else {
                throw TribError(
                    .preconditionFailed,
                    "\(newNode) is already a replica in the cluster of \(cluster); `join` makes a master, and a replica has no share of slots",
                    node: newNode)
            }
            step("\(newNode) is already a master of the cluster of \(cluster): finishing its join")
            snapshot = try await finishingInterruptedMoves(of: newID, in: current, operation: "join")
        } else {
            try await requireNoOpenSlots(before)
            try await requireFreeNode(newNode, seen: newView)
            try requireClusterMember(before, role: "the cluster")
            try await addToCluster(cluster: cluster, newNode: newNode)
            snapshot = try await self.snapshot(of: cluster)
            if options.dryRun {
                // Nothing was met: plan the moves as if the new node had joined.
                snapshot.topology.nodes.append(ClusterNode(id: newID, address: newNode, flags: [.master]))
            }
        }
        // Slots move only to the new node, also when a rerun finds the others unbalanced.
        let intoNewNode = BalancePlan { masters, balancer in
            plan.moves(for: masters, balancer: balancer).filter { $0.destinationID == newID }
        }
        let summary = try await rebalance(snapshot, balancer: balancer, plan: intoNewNode)
        try await waitForAgreement(from: cluster)
        return summary
    }

    /// MEETs and waits until every node knows the new one, and (when the cluster served every
    /// slot before) until the new node reports `cluster_state:ok` too, so it accepts keys; for that
    /// wait the new node's rejoin delay is shortened, and put back after (``TemporarySettings``).
    ///
    /// - Parameter membershipOnly: wait only until every live node knows the new one (for `rescue`:
    ///   a newcomer never learns the slots of a dead master, so full agreement would never come).
    func addToCluster(cluster: NodeAddress, newNode: NodeAddress, membershipOnly: Bool = false) async throws(TribError) {
        // Whether the cluster served every slot before the MEET; only full agreement needs it.
        var wasOK = false
        var clusterSize = 1
        if !membershipOnly {
            let info = try await client(cluster).clusterInfo()
            wasOK = info["cluster_state"] == "ok"
            clusterSize = info["cluster_known_nodes"].flatMap { Int($0) } ?? 1
        }
        step("adding \(newNode) to the cluster of \(cluster)")
        guard wasOK else {
            try await introduce(newNode, to: cluster)
            if !membershipOnly {
                try await waitForAgreement(from: newNode, requireStateOK: false)
            }
            return
        }
        // The new node waits for the cluster with a short rejoin delay, put back once it is ok (TemporarySettings).
        try await withTemporarySettings(on: [newNode], changing: .shortNodeTimeout(clusterSize: clusterSize + 1)) { () async throws(TribError) in
            try await introduce(newNode, to: cluster)
            try await waitForAgreement(from: newNode, requireStateOK: true)
        }
    }

    /// The new node meets `cluster`, and every other live node `cluster` lists too, so that each
    /// learns of it from its own handshake rather than by gossip, hop by hop; returns once every
    /// live node knows it.
    private func introduce(_ newNode: NodeAddress, to cluster: NodeAddress) async throws(TribError) {
        let commands = try await meetCommands(listedBy: cluster, includingItself: true)
        step("\(newNode) meets \(cluster) and the \(commands.count - 1) other node(s) it lists")
        _ = try await client(newNode).pipelineChecked(commands)
        try await waitForMembership(of: [newNode], in: cluster)
    }

    /// `CLUSTER MEET` of every live node `node` lists but itself, at its listed address, from one
    /// reading of `node`; with `includingItself`, `node`'s own first, at the address given.
    func meetCommands(listedBy node: NodeAddress, includingItself: Bool = false) async throws(TribError) -> [RedisCommand] {
        let snapshot = try await snapshot(of: node)
        var commands = includingItself ? [try meetCommand(for: snapshot.myself, at: node)] : []
        for member in snapshot.liveNodes where !member.isMyself {
            guard let address = member.address, let command = try? meetCommand(for: member, at: address) else { continue }
            commands.append(command)
        }
        return commands
    }

    /// Each of `replicas` sends `CLUSTER MEET` to every node it knows. A node learns another's role
    /// from that node's own messages, which at the usual node timeouts reach each node only every
    /// few seconds; a MEET makes the replica open a link to each node at once, whose first message
    /// carries its new role. The handshake entry it makes for a node it already knows is dropped as
    /// soon as that node answers.
    func announceRoles(of replicas: [NodeAddress]) async throws(TribError) {
        guard !options.dryRun else { return }
        _ = try await forEachNode(replicas) { trib, replica throws(TribError) in
            let commands = try await trib.meetCommands(listedBy: replica)
            guard !commands.isEmpty else { return }
            _ = try await trib.client(replica).pipelineChecked(commands)
        }
    }

    /// Applies a balance plan to the live masters of a snapshot: every move of the plan becomes one
    /// (source, target) pair of a ``MigrationEngine`` run, so pairs move in parallel.
    func rebalance(_ snapshot: ClusterSnapshot, balancer: Balancer, plan: BalancePlan) async throws(TribError) -> MigrationSummary {
        let masters = snapshot.liveMasters
        let moves = plan.moves(for: masters, balancer: balancer)
        var remaining: [String: [HashSlot]] = [:]
        for master in masters {
            remaining[master.id] = master.slots.sorted()
        }
        var slotMoves: [SlotMove] = []
        for move in moves {
            guard let source = snapshot.topology.node(id: move.sourceID),
                let target = snapshot.topology.node(id: move.destinationID)
            else {
                throw TribError(.invalidArgument, "the balance plan names a node that is not a live master: \(move)")
            }
            let available = remaining[move.sourceID] ?? []
            guard move.slotCount <= available.count else {
                throw TribError(
                    .invalidArgument,
                    "the balance plan moves \(move.slotCount) slots from \(snapshot.name(of: move.sourceID)), which has \(available.count)"
                )
            }
            let slots = Array(available.prefix(move.slotCount))
            remaining[move.sourceID] = Array(available.dropFirst(move.slotCount))
            slotMoves.append(try await slotMove(slots, from: source, to: target, in: snapshot))
        }
        return try await MigrationEngine(trib: self).run(slotMoves)
    }

    /// One (source, target) pair of a migration, with clients for both and the other masters to tell.
    func slotMove(
        _ slots: [HashSlot],
        from source: ClusterNode,
        to target: ClusterNode,
        in snapshot: ClusterSnapshot
    ) async throws(TribError) -> SlotMove {
        let sourceAddress = try snapshot.address(of: source)
        let targetAddress = try snapshot.address(of: target)
        step("moving \(slots.count) slot(s) from \(sourceAddress) to \(targetAddress)")
        let others = snapshot.liveMasters.filter { $0.id != source.id && $0.id != target.id }.compactMap(\.address)
        return SlotMove(
            source: try await client(sourceAddress),
            sourceID: source.id,
            target: try await client(targetAddress),
            targetID: target.id,
            otherMasters: others,
            slots: slots.sorted()
        )
    }
}
