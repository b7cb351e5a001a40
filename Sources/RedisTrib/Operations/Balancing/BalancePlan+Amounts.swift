extension BalancePlan {
    /// The slot moves that balance what the slots hold (keys, bytes) rather than their count.
    ///
    /// Each master's share is its weight's part of the total amount; when every master is within
    /// `thresholdPercent` % of its share nothing moves, else every master takes part. A master of weight
    /// 0 gives every slot it has (the fullest first, each to the master furthest below its share;
    /// empty slots to the master with the fewest slots). Then, again and again, the master furthest
    /// above its share gives the master furthest below the slot that brings the two closest to their
    /// shares, while that lowers their distance to their shares and one of the two is further from
    /// its share than the threshold; a master of positive weight keeps
    /// its last slot, and empty slots never move. At most `maxSlots` slots move.
    ///
    /// - Parameter amounts: what each slot holds; a slot not listed holds nothing.
    /// - Returns: the moves, every master's share, and the masters within the threshold.
    public static func amountMoves(
        _ masters: [ClusterNode], balancer: Balancer, amounts: [HashSlot: Int], thresholdPercent: Double, maxSlots: Int? = nil
    ) -> (moves: [SlotPlan.Move], shares: [String: Double], withinThreshold: Set<String>) {
        let masters = distinctMasters(masters)
        var totals: [String: Double] = [:]
        for master in masters {
            totals[master.id] = master.slots.reduce(0.0) { $0 + Double(max(amounts[$1] ?? 0, 0)) }
        }
        let shares = shares(of: totals, masters: masters, balancer: balancer)
        guard !shares.isEmpty else { return ([], shares, Set(masters.map(\.id))) }
        let (active, within) = activeMasters(masters, amounts: totals, shares: shares, percent: thresholdPercent)
        guard !active.isEmpty else { return ([], shares, within) }
        var ledger = AmountLedger(active: active, balancer: balancer, amounts: amounts, budget: max(maxSlots ?? Int.max, 0), thresholdPercent: thresholdPercent)
        ledger.drainWeightless()
        ledger.evenOut()
        return (ledger.moves(addresses: masters), shares, within)
    }
}
