import RESP

extension ClusterOperator {
    /// `reshard`: moves `count` slots from the sources to `destination`, and returns the plan it followed.
    ///
    /// Each source gives its part in proportion to the slots it holds
    /// (``BalancePlan/proportionalTake(from:count:)``, exactly `count` in all): its lowest-numbered
    /// slots, or with `fewestKeys` those with the fewest keys. Everything is checked before the
    /// first change; the plan is reported (``OperationEvent/slotsPlanned(_:)``) before the first
    /// slot moves, and pairs move in parallel. In a dry run the plan is returned and nothing sent but reads.
    ///
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - sources: the masters that give, or all of them but the destination.
    ///   - destination: the master that receives.
    ///   - count: how many slots move, at least 1.
    ///   - fewestKeys: take the slots with the fewest keys first.
    /// - Throws: ``TribError``: `.invalidArgument` for a node the cluster does not list, a source or
    ///   destination that is not a master, the destination among the sources, a count below 1 or
    ///   above what the sources hold; `.preconditionFailed` when slots are open or a master holding
    ///   slots is failing; the failures of the moves.
    public func reshard(
        _ node: NodeAddress, from sources: ReshardSources, to destination: NodeReference, slots count: Int, fewestKeys: Bool = false
    ) async throws(TribError) -> SlotPlan {
        guard count >= 1 else {
            throw TribError(.invalidArgument, "--slots \(count): expected at least 1 slot to move")
        }
        let snapshot = try await snapshot(of: node)
        try requireClusterMember(snapshot, role: "the cluster")
        let target = try await member(destination, of: snapshot, role: "--to")
        guard target.isMaster, !target.isFailed, target.address != nil else {
            throw TribError(.invalidArgument, "--to \(destination): \(snapshot.name(of: target.id)) is not a live master", node: node)
        }
        var givers: [ClusterNode] = []
        switch sources {
        case .all:
            givers = snapshot.liveMasters.filter { $0.id != target.id && !$0.slots.isEmpty }
        case .nodes(let references):
            for reference in references {
                let source = try await member(reference, of: snapshot, role: "--from")
                guard source.id != target.id else {
                    throw TribError(
                        .invalidArgument, "--from \(reference): \(snapshot.name(of: source.id)) is the destination (--to) too", node: node)
                }
                guard source.isMaster else {
                    throw TribError(
                        .invalidArgument, "--from \(reference): \(snapshot.name(of: source.id)) is a replica; slots are taken from masters",
                        node: node)
                }
                if !givers.contains(where: { $0.id == source.id }) { givers.append(source) }
            }
        }
        try requireLiveSlotOwners(snapshot)
        let held = givers.reduce(0) { $0 + $1.slots.count }
        guard count <= held else {
            let names = givers.map { "\(snapshot.name(of: $0.id)) \($0.slots.count)" }.joined(separator: ", ")
            throw TribError(
                .invalidArgument,
                "--slots \(count): the sources hold \(held) slot(s) in all (\(names.isEmpty ? "no source" : names)), fewer than asked",
                node: node)
        }
        try await requireNoOpenSlots(snapshot)
        let keys = fewestKeys ? try await slotKeyCounts(of: givers) : nil
        let parts = BalancePlan.proportionalTake(from: givers, count: count)
        var moves: [SlotPlan.Move] = []
        for source in givers {
            let slots = BalancePlan.slotsToGive(from: source, count: parts[source.id] ?? 0, keys: keys)
            guard !slots.isEmpty else { continue }
            moves.append(
                SlotPlan.Move(
                    sourceID: source.id, source: source.address, destinationID: target.id, destination: target.address,
                    slots: SlotSet(slots), amount: slots.count))
        }
        var ones: [HashSlot: Int] = [:]
        for slot in (givers + [target]).flatMap(\.slots) {
            ones[slot] = 1
        }
        let plan = SlotPlan(
            operation: .reshard, measure: .slots, thresholdPercent: nil,
            masters: Self.planMasters(givers + [target], moves: moves, amounts: ones, balancer: nil, shares: nil, within: []),
            moves: moves)
        return try await carryOut(plan, from: snapshot)
    }
}
