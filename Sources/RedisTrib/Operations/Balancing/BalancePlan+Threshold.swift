import RESP

extension BalancePlan {
    /// Each master's weighted share of what the masters hold together, by node ID: `total × weight
    /// ÷ sum of weights`, unrounded. Empty when no master has a positive weight.
    public static func shares(of amounts: [String: Double], masters: [ClusterNode], balancer: Balancer) -> [String: Double] {
        let masters = distinctMasters(masters)
        let weights = masters.map { balancer.weight(of: $0) }
        guard let heaviest = weights.max(), heaviest > 0 else { return [:] }
        // Dividing by the heaviest weight first keeps the sum finite however large the weights are.
        let scaled = weights.map { $0 / heaviest }
        let scaledSum = scaled.reduce(0, +)
        let total = masters.reduce(0) { $0 + (amounts[$1.id] ?? 0) }
        var shares: [String: Double] = [:]
        for (master, weight) in zip(masters, scaled) {
            shares[master.id] = total * weight / scaledSum
        }
        return shares
    }

    /// Whether `amount` is within `percent` % of `share`: redis-cli's threshold, here per master.
    /// A share of 0 is met only by nothing.
    public static func isWithinThreshold(_ amount: Double, share: Double, percent: Double) -> Bool {
        guard share > 0 else { return amount <= 0 }
        return abs(amount - share) <= share * max(percent, 0) / 100
    }

    /// The masters that take part in a balance, as the threshold leaves them: none when every master
    /// is within `percent` % of its share, else every master, as redis-cli's `rebalance` does, so that
    /// a master beyond the threshold can even out against those within it (judged alone, a lone
    /// master short of its share would have no one to take from). `within` names the masters within it.
    static func activeMasters(
        _ masters: [ClusterNode], amounts: [String: Double], shares: [String: Double], percent: Double
    ) -> (active: [ClusterNode], within: Set<String>) {
        let masters = distinctMasters(masters)
        var within: Set<String> = []
        for master in masters where isWithinThreshold(amounts[master.id] ?? 0, share: shares[master.id] ?? 0, percent: percent) {
            within.insert(master.id)
        }
        return (within.count < masters.count ? masters : [], within)
    }

    /// The slot moves that balance slot counts, as redis-cli's `rebalance`: each master's target is
    /// its weighted share (``targets(for:balancer:)``) once any master is beyond the threshold, each
    /// source gives its lowest-numbered slots, and at most `maxSlots` slots move in all (the moves
    /// are cut in the order planned).
    ///
    /// - Returns: the moves, every master's share of the slots, and the masters within the threshold.
    public static func slotCountMoves(
        _ masters: [ClusterNode], balancer: Balancer, thresholdPercent: Double, maxSlots: Int? = nil
    ) -> (moves: [SlotPlan.Move], shares: [String: Double], withinThreshold: Set<String>) {
        let masters = distinctMasters(masters)
        var amounts: [String: Double] = [:]
        for master in masters {
            amounts[master.id] = Double(master.slots.count)
        }
        let shares = shares(of: amounts, masters: masters, balancer: balancer)
        guard !shares.isEmpty else { return ([], shares, Set(masters.map(\.id))) }
        let (active, within) = activeMasters(masters, amounts: amounts, shares: shares, percent: thresholdPercent)
        guard !active.isEmpty else { return ([], shares, within) }
        let counted = BalancePlan.evenSplit.moves(for: active, balancer: balancer)
        var remaining: [String: [HashSlot]] = [:]
        for master in active {
            remaining[master.id] = master.slots.sorted()
        }
        var budget = max(maxSlots ?? Int.max, 0)
        var moves: [SlotPlan.Move] = []
        for move in counted where budget > 0 {
            let available = remaining[move.sourceID] ?? []
            let count = min(move.slotCount, available.count, budget)
            guard count > 0 else { continue }
            remaining[move.sourceID] = Array(available.dropFirst(count))
            budget -= count
            moves.append(
                SlotPlan.Move(
                    sourceID: move.sourceID, source: address(move.sourceID, in: masters),
                    destinationID: move.destinationID, destination: address(move.destinationID, in: masters),
                    slots: SlotSet(available.prefix(count)), amount: count))
        }
        return (moves, shares, within)
    }

    /// The address of master `id` among `masters`.
    static func address(_ id: String, in masters: [ClusterNode]) -> NodeAddress? {
        masters.first { $0.id == id }?.address
    }
}
