import RESP

extension ClusterOperator {
    /// Refuses open slots, as ``requireNoOpenSlots(_:except:)``, except those moving to or from
    /// node `id`: what an interrupted `join` or `quit` of that node leaves. Those, and nothing else,
    /// are finished as `fix` finishes them (each decided from what the nodes say), and the cluster
    /// read again.
    ///
    /// - Returns: the cluster as its seed sees it after the moves are finished (`snapshot` itself
    ///   when none was open).
    func finishingInterruptedMoves(of id: String, in snapshot: ClusterSnapshot, operation: String) async throws(TribError) -> ClusterSnapshot {
        let involves: @Sendable (ClusterNode, HashSlot) -> Bool = { node, slot in
            node.id == id || node.migrating[slot] == id || node.importing[slot] == id
        }
        var reports = try await requireNoOpenSlots(snapshot, except: involves)
        if options.force {
            // The check was skipped, and read nothing.
            reports = try await selfReports(snapshot.liveNodes.compactMap(\.address), skippingSilent: true).compactMap { $0 }
        }
        let open = reports.map(\.view).contains { node in
            node.openSlots.contains { involves(node, $0) }
        }
        guard open else { return snapshot }
        step("finishing the slot moves an interrupted \(operation) of \(snapshot.name(of: id)) left open")
        try await fixOpenSlots(involving: id, of: snapshot.seed)
        return try await self.snapshot(of: snapshot.seed)
    }
}
