import RESP

extension ClusterOperator {
    /// `rescue`: a free node joins and takes every slot that no live master serves, so the cluster
    /// serves all slots again.
    ///
    /// A master counts as dead, and its slots as lost, only on facts: the cluster agreed it failed
    /// (`fail`, not one node's suspicion `fail?`), this tool cannot reach it, and no replica of it
    /// is left to take over. Anything less and its slots are not taken: a master that is only slow,
    /// or about to be replaced by its replica, would lose those slots and their keys to the newcomer's
    /// higher epoch when it comes back. `--force` takes the slots of an unreachable master without
    /// the agreement and the replica conditions, and says so.
    /// - Parameters:
    ///   - cluster: any live node of the cluster.
    ///   - freeNode: the free node that takes the slots.
    ///   - maxSlots: the most slots per `CLUSTER ADDSLOTS` call.
    /// - Throws: ``TribError`` when the free node is not free, or no slot is lost (naming the masters
    ///   that are down but not dead, and why).
    public func rescue(cluster: NodeAddress, freeNode: NodeAddress, maxSlots: Int? = nil) async throws(TribError) {
        if let maxSlots, maxSlots < 1 {
            throw TribError(.invalidArgument, "--max-slots must be at least 1, not \(maxSlots)")
        }
        let snapshot = try await snapshot(of: cluster)
        let verdicts = try await deadMasterVerdicts(snapshot)
        var lost = SlotSet.all.subtracting(snapshot.topology.coveredSlots)
        var spared: [String] = []
        for verdict in verdicts {
            if let reason = verdict.sparedBecause {
                spared.append("\(snapshot.name(of: verdict.master.id)) \(reason)")
            } else {
                lost.formUnion(verdict.master.slots)
                if let overridden = verdict.overridden {
                    step("--force: taking the slots of \(snapshot.name(of: verdict.master.id)) although \(overridden)")
                }
            }
        }
        guard !lost.isEmpty else {
            let why = spared.isEmpty ? "" : "; not taken: " + spared.joined(separator: "; ")
            throw TribError(.preconditionFailed, "every slot of the cluster of \(cluster) is served by a live master\(why)", node: cluster)
        }
        for reason in spared {
            step("not taking the slots of \(reason)")
        }
        try await requireNoOpenSlots(snapshot)
        try await requireFreeNode(freeNode)
        // The free node's claims must beat the dead owner's config epoch, which the newcomer never
        // hears of: give it an epoch above the cluster's current one while it still knows nobody.
        let info = try await client(cluster).clusterInfo()
        let epoch = try Self.epochAbove(
            current: info["cluster_current_epoch"],
            configEpochs: snapshot.topology.nodes.map(\.configEpoch),
            node: cluster
        )
        try await client(freeNode).send("CLUSTER", "SET-CONFIG-EPOCH", String(epoch))
        // The free node waits for the cluster with a short rejoin delay, put back once all agree (TemporarySettings).
        try await withTemporarySettings(on: [freeNode], changing: .shortNodeTimeout(clusterSize: snapshot.topology.nodes.count + 1)) {
            () async throws(TribError) in
            try await takeLostSlots(lost, cluster: cluster, freeNode: freeNode, maxSlots: maxSlots)
        }
    }

    /// The free node joins and takes the lost slots, and the call returns once the cluster agrees.
    private func takeLostSlots(_ lost: SlotSet, cluster: NodeAddress, freeNode: NodeAddress, maxSlots: Int?) async throws(TribError) {
        try await addToCluster(cluster: cluster, newNode: freeNode, membershipOnly: true)
        // The newcomer never hears of a dead master's slots: what it sees unassigned it adds; what
        // it sees owned (by a failed master it has heard of) it claims with SETSLOT NODE.
        let freeView = try await self.snapshot(of: freeNode).topology
        let unassigned = lost.subtracting(freeView.coveredSlots)
        let orphaned = lost.subtracting(unassigned)
        step("\(freeNode) takes \(lost.count) slot(s): \(lost)")
        if !unassigned.isEmpty {
            try await addSlots(unassigned, to: freeNode, maxSlots: maxSlots)
        }
        if !orphaned.isEmpty {
            // Slots of a failed master: claimed with SETSLOT NODE and a new epoch, which wins over the dead owner's.
            let client = try await client(freeNode)
            let myID = try await client.myID()
            let slotTexts = orphaned.map { String($0.rawValue) }
            let chunk = max(1, maxSlots ?? slotTexts.count)
            var start = 0
            while start < slotTexts.count {
                let end = min(slotTexts.count, start + chunk)
                _ = try await client.pipelineChecked(slotTexts[start..<end].map { RedisCommand("CLUSTER", "SETSLOT", $0, "NODE", myID) })
                start = end
            }
        }
        try await waitForAgreement(from: freeNode)
    }

    /// A verdict for every master with slots that the seed flags failed or this tool cannot reach.
    func deadMasterVerdicts(_ snapshot: ClusterSnapshot) async throws(TribError) -> [DeadMasterVerdict] {
        let masters = snapshot.topology.nodes.filter { $0.isMaster && !$0.slots.isEmpty && !$0.isMyself }
        let answers = try await forEachNode(masters.compactMap(\.address)) { trib, address throws(TribError) -> NodeAddress? in
            do throws(TribError) {
                _ = try await trib.client(address).send("PING")
                return address
            } catch {
                return nil
            }
        }
        let answering = Set(answers.compactMap { $0 })
        return masters.compactMap { master in
            // A master with no known address cannot be reached.
            DeadMasterVerdict(
                master, answers: master.address.map(answering.contains) ?? false, in: snapshot.topology, seed: snapshot.seed, force: options.force)
        }
    }

    /// The epoch one above the cluster's current epoch and every config epoch.
    ///
    /// `CLUSTER SET-CONFIG-EPOCH` takes a signed 64-bit number, and the values come from the
    /// server, so both a malformed current epoch and one with no room above it are errors, not traps.
    ///
    /// - Throws: ``TribError`` `.unexpectedReply`.
    static func epochAbove(current: String?, configEpochs: [UInt64], node: NodeAddress) throws(TribError) -> Int64 {
        var highest = configEpochs.max() ?? 0
        if let current {
            guard let value = UInt64(current), current.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw TribError(.unexpectedReply, "CLUSTER INFO gave cluster_current_epoch '\(current)', not a whole number", node: node)
            }
            highest = max(highest, value)
        }
        guard highest < UInt64(Int64.max) else {
            throw TribError(
                .unexpectedReply,
                "the cluster's epoch \(highest) leaves no room for a higher one (CLUSTER SET-CONFIG-EPOCH takes at most \(Int64.max))",
                node: node
            )
        }
        return Int64(highest) + 1
    }
}
