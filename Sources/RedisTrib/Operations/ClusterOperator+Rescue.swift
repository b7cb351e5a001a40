import RESP

extension ClusterOperator {
    /// `rescue`: a free node joins and takes every slot that no live master serves, so the cluster
    /// serves all slots again.
    ///
    /// - Parameter maxSlots: the most slots per `CLUSTER ADDSLOTS` call.
    /// - Throws: ``TribError`` when the free node is not free or every slot is served already.
    public func rescue(cluster: NodeAddress, freeNode: NodeAddress, maxSlots: Int? = nil) async throws(TribError) {
        if let maxSlots, maxSlots < 1 {
            throw TribError(.invalidArgument, "--max-slots must be at least 1, not \(maxSlots)")
        }
        let snapshot = try await snapshot(of: cluster)
        var served = SlotSet()
        for master in snapshot.liveMasters {
            served.formUnion(master.slots)
        }
        let lost = SlotSet.all.subtracting(served)
        guard !lost.isEmpty else {
            throw TribError(.preconditionFailed, "every slot of the cluster of \(cluster) is served by a live master", node: cluster)
        }
        try await requireNoOpenSlots(snapshot)
        try await requireFreeNode(freeNode)
        try await addToCluster(cluster: cluster, newNode: freeNode)
        let unassigned = lost.subtracting(snapshot.topology.coveredSlots)
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
            try await client.send("CLUSTER", "BUMPEPOCH")
        }
        try await waitForAgreement(from: freeNode)
    }
}
