import RESP

extension ClusterOperator {
    /// Carries out a plan of `rebalance` or `reshard` made from `snapshot`: reports it
    /// (``OperationEvent/slotsPlanned(_:)``) before the first change, moves every pair's slots with
    /// the migration engine (pairs in parallel), waits until the cluster agrees, and notes the masters
    /// the cluster turned into replicas on the way. A dry run or an empty plan returns the plan as it is.
    func carryOut(_ plan: SlotPlan, from snapshot: ClusterSnapshot) async throws(TribError) -> SlotPlan {
        for move in plan.moves {
            step(
                "plan: \(snapshot.name(of: move.sourceID)) -> \(snapshot.name(of: move.destinationID)): "
                    + "\(move.slots.count) slot(s) \(move.slots)")
        }
        guard !options.dryRun, !plan.isEmpty else { return plan }
        report(.slotsPlanned(plan))
        var slotMoves: [SlotMove] = []
        for move in plan.moves {
            guard let source = snapshot.topology.node(id: move.sourceID), let target = snapshot.topology.node(id: move.destinationID) else {
                throw TribError(.invalidArgument, "the plan names a node the cluster of \(snapshot.seed) does not list")
            }
            slotMoves.append(try await slotMove(move.slots.sorted(), from: source, to: target, in: snapshot))
        }
        let summary = try await MigrationEngine(trib: self).run(slotMoves)
        // A master that gave its last slot may be a replica by now: ask a master that is surely one.
        let anchor = plan.masters.first { $0.slotsAfter > 0 }?.address ?? snapshot.seed
        try await waitForAgreement(from: anchor)
        var done = plan
        done.applied = true
        done.summary = summary
        let after = try await self.snapshot(of: anchor)
        for index in done.masters.indices {
            guard let node = after.topology.node(id: done.masters[index].id), node.isReplica, let masterID = node.masterID else { continue }
            let master = after.topology.node(id: masterID)?.address
            done.masters[index].replicaOf = master
            done.notes.append(
                "\(after.name(of: node.id)) gave its last slot and the cluster made it a replica of \(master?.description ?? masterID) "
                    + "(cluster-allow-replica-migration is yes)")
        }
        return done
    }

    /// The master of the cluster of `snapshot` that `reference` names, read as the cluster lists it.
    ///
    /// - Parameter role: how an error names what the reference was given for (`--weight`, `--to`).
    func member(_ reference: NodeReference, of snapshot: ClusterSnapshot, role: String) async throws(TribError) -> ClusterNode {
        let node: ClusterNode
        do {
            node = try await self.node(reference, inClusterOf: snapshot.seed)
        } catch {
            var named = error
            named.message = "\(role) \(reference): \(error.message)"
            throw named
        }
        guard let listed = snapshot.topology.node(id: node.id) else {
            throw TribError(.preconditionFailed, "\(role) \(reference): the cluster of \(snapshot.seed) does not list it", node: snapshot.seed)
        }
        return listed
    }

    /// Refuses when a master that holds slots is failing: its slots cannot move.
    func requireLiveSlotOwners(_ snapshot: ClusterSnapshot) throws(TribError) {
        let failing = snapshot.topology.nodes.filter { $0.isMaster && !$0.slots.isEmpty && ($0.isFailed || $0.address == nil) }
        guard failing.isEmpty else {
            let names = failing.map { snapshot.name(of: $0.id) }.joined(separator: ", ")
            throw TribError(
                .preconditionFailed,
                "master(s) \(names) hold slots and are failing in the view of \(snapshot.seed): their slots cannot move; "
                    + "fail over or `fix` first",
                node: snapshot.seed)
        }
    }
}
