import RESP

extension ClusterOperator {
    /// `rebalance`: moves slots so that every master holds its weighted share, and returns the plan
    /// it followed.
    ///
    /// Each master weighs what `request` gives it (0 empties it), else what `balancer` says, else 1;
    /// its share is its weight's part of what the masters hold together, in slots, keys or estimated
    /// bytes (``RebalanceOptions/measure``). When every master is within
    /// ``RebalanceOptions/thresholdPercent`` % of its share nothing moves and the plan says so; once
    /// one is not, every master takes part, as in redis-cli. Masters
    /// without slots take part only with ``RebalanceOptions/useEmptyMasters``. The plan is reported
    /// (``OperationEvent/slotsPlanned(_:)``) before the first slot moves; pairs move in parallel. A
    /// master that gives its last slot may be turned into a replica by the cluster
    /// (`cluster-allow-replica-migration yes`): the moves go on, and the plan names its new role.
    /// In a dry run the plan is returned and nothing sent but reads.
    ///
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - request: weights, threshold, empty masters, measure and cap.
    ///   - balancer: the weight of each master `request` gives none (the pluggable ``Balancer`` that
    ///     `join` takes too); every such master weighs 1 when `nil`.
    /// - Throws: ``TribError``: `.invalidArgument` for a weight or threshold that is not a finite
    ///   number ≥ 0, a weight naming no node of the cluster or a replica; `.preconditionFailed` when
    ///   slots are open, a master holding slots is failing, or the node is in no cluster; the failures
    ///   of the moves.
    public func rebalance(
        _ node: NodeAddress, _ request: RebalanceOptions = RebalanceOptions(), balancer custom: Balancer? = nil
    ) async throws(TribError) -> SlotPlan {
        guard request.thresholdPercent.isFinite, request.thresholdPercent >= 0 else {
            throw TribError(.invalidArgument, "threshold \(request.thresholdPercent): expected a percentage ≥ 0")
        }
        let snapshot = try await snapshot(of: node)
        try requireClusterMember(snapshot, role: "the cluster")
        try requireLiveSlotOwners(snapshot)
        var weights: [String: Double] = [:]
        for (reference, weight) in request.weights.sorted(by: { $0.key.description < $1.key.description }) {
            guard weight.isFinite, weight >= 0 else {
                throw TribError(.invalidArgument, "--weight \(reference)=\(weight): expected a weight ≥ 0")
            }
            let master = try await member(reference, of: snapshot, role: "--weight")
            guard master.isMaster else {
                throw TribError(
                    .invalidArgument, "--weight \(reference): \(snapshot.name(of: master.id)) is a replica; only masters hold slots", node: node)
            }
            weights[master.id] = weight
        }
        try await requireNoOpenSlots(snapshot)
        var notes: [String] = []
        let masters = snapshot.liveMasters.filter { master in
            guard master.slots.isEmpty, !request.useEmptyMasters else { return true }
            notes.append("\(snapshot.name(of: master.id)) holds no slot and is left out (--use-empty-masters fills it)")
            return false
        }
        let given = weights
        let balancer = Balancer { given[$0.id] ?? custom?.weight(of: $0) ?? 1 }
        let amounts = try await slotAmounts(of: masters, measure: request.measure)
        let planned =
            request.measure == .slots
            ? BalancePlan.slotCountMoves(masters, balancer: balancer, thresholdPercent: request.thresholdPercent, maxSlots: request.maxSlotsMoved)
            : BalancePlan.amountMoves(
                masters, balancer: balancer, amounts: amounts, thresholdPercent: request.thresholdPercent, maxSlots: request.maxSlotsMoved)
        var plan = SlotPlan(
            operation: .rebalance, measure: request.measure, thresholdPercent: request.thresholdPercent,
            masters: Self.planMasters(
                masters, moves: planned.moves, amounts: amounts, balancer: balancer, shares: planned.shares,
                within: planned.withinThreshold),
            moves: planned.moves, notes: notes)
        if plan.isEmpty {
            plan.notes.append(Self.nothingToMove(plan, request: request))
        } else if let cap = request.maxSlotsMoved, plan.slotCount >= cap {
            plan.notes.append("at most \(cap) slot(s) move in one run (--max-slots-moved): run rebalance again to go on")
        }
        return try await carryOut(plan, from: snapshot)
    }

    /// Why a rebalance moves nothing, in a sentence.
    private static func nothingToMove(_ plan: SlotPlan, request: RebalanceOptions) -> String {
        if plan.masters.count < 2 {
            return "no rebalancing needed: fewer than two masters take part"
        }
        if plan.masters.allSatisfy({ $0.amountBefore == 0 }) {
            return "no rebalancing needed: the masters hold no \(request.measure.unit)s"
        }
        if plan.masters.allSatisfy(\.withinThreshold) {
            let percent = SlotPlan.percentText(request.thresholdPercent)
            return "no rebalancing needed: every master is within the \(percent)% threshold of its share"
        }
        if request.measure == .slots {
            return "no rebalancing needed: every master holds its share, rounded to whole slots"
        }
        return "no rebalancing possible: no slot that moves brings the masters closer to their shares"
    }

    /// The masters of a plan, before and after its moves.
    static func planMasters(
        _ masters: [ClusterNode], moves: [SlotPlan.Move], amounts: [HashSlot: Int], balancer: Balancer?, shares: [String: Double]?,
        within: Set<String>
    ) -> [SlotPlan.Master] {
        masters.map { master in
            let before = master.slots.reduce(0) { $0 + (amounts[$1] ?? 0) }
            let out = moves.filter { $0.sourceID == master.id }
            let into = moves.filter { $0.destinationID == master.id }
            let slotsOut = out.reduce(0) { $0 + $1.slots.count }
            let slotsIn = into.reduce(0) { $0 + $1.slots.count }
            return SlotPlan.Master(
                id: master.id, address: master.address, weight: balancer?.weight(of: master) ?? 1,
                slotsBefore: master.slots.count, slotsAfter: master.slots.count - slotsOut + slotsIn,
                amountBefore: before, amountAfter: before - out.reduce(0) { $0 + $1.amount } + into.reduce(0) { $0 + $1.amount },
                share: shares?[master.id], withinThreshold: within.contains(master.id))
        }
    }
}
