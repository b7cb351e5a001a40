import RESP

extension ClusterOperator {
    /// `migrate_slots`: moves slots from `source` to `target`, keys included.
    ///
    /// Slots that an interrupted run left open between the two, or already moved to the target,
    /// are finished rather than refused, so the same call can be run again; the slots that were on
    /// the target already are counted apart from those moved, so that a caller can say so.
    /// - Returns: the slots moved, the keys they carried, and the slots that were on the target already.
    /// - Throws: ``TribError`` when the nodes are not masters of one cluster, the source does not
    ///   hold a slot asked for, other slots are open, another operation holds the source's move
    ///   lease, or keys differ on both sides (`BUSYKEY`).
    @discardableResult
    public func migrateSlots(from source: NodeAddress, to target: NodeAddress, slots: SlotSet) async throws(TribError)
        -> SlotMigrationResult
    {
        guard source != target else {
            throw TribError(.invalidArgument, "source and target are the same node (\(source))", node: source)
        }
        guard !slots.isEmpty else {
            throw TribError(.invalidArgument, "no slots to move")
        }
        // The source's lease first, so that the checks below cannot race another operation's.
        return try await withMoveLeases(on: [source], operation: "migrate_slots") { () async throws(TribError) in
            try await migrateLeased(from: source, to: target, slots: slots)
        }
    }

    /// Moves the slots under the source's lease.
    private func migrateLeased(from source: NodeAddress, to target: NodeAddress, slots: SlotSet) async throws(TribError)
        -> SlotMigrationResult
    {
        // Both views at once; the source's error first, as when read one after the other.
        let views = try await forEachNode([source, target]) { trib, address throws(TribError) in try await trib.snapshot(of: address) }
        let snapshot = views[0]
        let sourceNode = snapshot.myself
        let targetView = views[1]
        // The target is found in the source's view by its id, not by the text of its address, which
        // may name it differently (`localhost:7001` for `127.0.0.1:7001`).
        guard targetView.myself.id != sourceNode.id else {
            throw TribError(.invalidArgument, "source and target are the same node (\(source) and \(target), id \(sourceNode.id.prefix(12))…)", node: source)
        }
        guard let targetNode = snapshot.topology.node(id: targetView.myself.id) else {
            throw TribError(
                .preconditionFailed,
                "\(target) is not a member of the cluster of \(source) (\(snapshot.topology.nodes.count) known nodes)",
                node: target
            )
        }
        guard targetView.topology.node(id: sourceNode.id) != nil else {
            throw TribError(.preconditionFailed, "\(target) does not know \(source): they are not in one cluster", node: target)
        }
        guard sourceNode.isMaster else {
            throw TribError(.preconditionFailed, "\(source) is a replica; slots move between masters", node: source)
        }
        guard targetNode.isMaster, !targetNode.isFailed else {
            throw TribError(.preconditionFailed, "\(target) is not a live master", node: target)
        }
        let targetMe = targetView.myself
        let sourceID = sourceNode.id
        let targetID = targetNode.id
        let resumable: @Sendable (ClusterNode, HashSlot) -> Bool = { node, slot in
            slots.contains(slot)
                && ((node.id == sourceID && node.migrating[slot] == targetID)
                    || (node.id == targetID && node.importing[slot] == sourceID))
        }
        try await requireNoOpenSlots(snapshot, except: resumable)
        var missing = SlotSet()
        var alreadyThere = SlotSet()
        var todo: [HashSlot] = []
        for slot in slots {
            let sourceHolds = sourceNode.slots.contains(slot)
            let targetHolds = targetMe.slots.contains(slot) || targetNode.slots.contains(slot)
            let sourceOpen = sourceNode.migrating[slot] == targetNode.id
            if sourceHolds || sourceOpen {
                todo.append(slot)
            } else if targetHolds {
                // Moved already by an earlier run; tell every node the owner again below.
                todo.append(slot)
                alreadyThere.insert(slot)
            } else {
                missing.insert(slot)
            }
        }
        guard missing.isEmpty else {
            throw TribError(.preconditionFailed, "\(source) does not hold slot(s) \(missing)", node: source)
        }
        var move = try await slotMove(todo, from: sourceNode, to: targetNode, in: snapshot)
        move.alreadyOnTarget = alreadyThere
        let summary = try await MigrationEngine(trib: self).run([move])
        try await waitForAgreement(from: source)
        return SlotMigrationResult(moved: SlotSet(todo).subtracting(alreadyThere), keysMoved: summary.keys, alreadyOnTarget: alreadyThere)
    }
}
