import RESP

extension ClusterOperator {
    /// `fix`: finishes every half-done slot migration in the cluster of `node`, moving the keys
    /// still on the source. A slot whose target is gone is closed on its source instead (its keys stay).
    ///
    /// Every open slot is examined before the first change; the slots are then moved in one
    /// engine run, a (source, target) pair at a time in parallel.
    /// - Throws: ``TribError`` when a node cannot be reached, a slot's source is gone, or keys differ on both sides.
    public func fix(_ node: NodeAddress) async throws(TribError) {
        let snapshot = try await snapshot(of: node)
        // The views of the nodes themselves: only a node's own line shows its open slots.
        let views = try await forEachNode(snapshot.liveNodes.compactMap(\.address)) { trib, address throws(TribError) in
            try await trib.snapshot(of: address).myself
        }
        var open: [HashSlot: (sourceID: String, targetID: String)] = [:]
        for view in views {
            for (slot, targetID) in view.migrating where open[slot] == nil {
                open[slot] = (view.id, targetID)
            }
        }
        for view in views {
            for (slot, sourceID) in view.importing where open[slot] == nil {
                open[slot] = (sourceID, view.id)
            }
        }
        if open.isEmpty {
            step("no slot is open in the cluster of \(node)")
        }
        var pairs: [String: (source: ClusterNode, target: ClusterNode, slots: [HashSlot])] = [:]
        var abandoned: [(slot: HashSlot, source: NodeAddress)] = []
        for (slot, ids) in open.sorted(by: { $0.key < $1.key }) {
            guard let source = snapshot.topology.node(id: ids.sourceID), let sourceAddress = source.address, !source.isFailed else {
                throw TribError(
                    .preconditionFailed,
                    "slot \(slot) is importing into \(snapshot.name(of: ids.targetID)) from \(snapshot.name(of: ids.sourceID)), "
                        + "which is not reachable; its keys cannot be recovered from there",
                    node: snapshot.seed
                )
            }
            guard let target = snapshot.topology.node(id: ids.targetID), target.address != nil, !target.isFailed else {
                abandoned.append((slot, sourceAddress))
                continue
            }
            pairs["\(ids.sourceID)>\(ids.targetID)", default: (source, target, [])].slots.append(slot)
        }
        for (slot, source) in abandoned {
            step("slot \(slot): its target is gone; closing the slot on \(source)")
            try await client(source).send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
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
}
