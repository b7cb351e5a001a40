import RESP

extension ClusterOperator {
    /// `fix`: finishes every half-done slot migration in the cluster of `node`, moving the keys
    /// still on the source. A slot whose target is gone is closed on its source instead (its keys stay).
    ///
    /// - Throws: ``TribError`` when a node cannot be reached or keys differ on both sides.
    public func fix(_ node: NodeAddress) async throws(TribError) {
        let snapshot = try await snapshot(of: node)
        var handled = Set<HashSlot>()
        // The views of the nodes themselves: only a node's own line shows its open slots.
        let views = try await forEachNode(snapshot.liveNodes.compactMap(\.address)) { trib, address throws(TribError) in
            try await trib.snapshot(of: address).myself
        }
        for view in views {
            for (slot, targetID) in view.migrating.sorted(by: { $0.key < $1.key }) where !handled.contains(slot) {
                handled.insert(slot)
                try await finish(slot, sourceID: view.id, targetID: targetID, in: snapshot)
            }
        }
        for view in views {
            for (slot, sourceID) in view.importing.sorted(by: { $0.key < $1.key }) where !handled.contains(slot) {
                handled.insert(slot)
                try await finish(slot, sourceID: sourceID, targetID: view.id, in: snapshot)
            }
        }
        if handled.isEmpty {
            step("no slot is open in the cluster of \(node)")
        }
        try await waitForAgreement(from: node, requireStateOK: false)
    }

    private func finish(_ slot: HashSlot, sourceID: String, targetID: String, in snapshot: ClusterSnapshot) async throws(TribError) {
        guard let source = snapshot.topology.node(id: sourceID), let sourceAddress = source.address, !source.isFailed else {
            throw TribError(
                .preconditionFailed,
                "slot \(slot) is importing into \(snapshot.name(of: targetID)) from \(snapshot.name(of: sourceID)), which is not reachable; "
                    + "its keys cannot be recovered from there",
                node: snapshot.seed
            )
        }
        guard let target = snapshot.topology.node(id: targetID), target.address != nil, !target.isFailed else {
            step("slot \(slot): target \(snapshot.name(of: targetID)) is gone; closing the slot on \(sourceAddress)")
            try await client(sourceAddress).send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
            return
        }
        step("finishing slot \(slot): \(sourceAddress) → \(snapshot.name(of: targetID))")
        try await migrate([slot], from: source, to: target, in: snapshot)
    }
}
