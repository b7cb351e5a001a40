extension BalancePlan {
    /// How many slots each master should hold, by node ID: its weight's share of the slots the
    /// masters hold together.
    ///
    /// The total is preserved, and every target is within one slot of its exact share
    /// (`total × weight ÷ sum of weights`): each master gets its share rounded down, and the slots
    /// left over go one each to masters whose share has a fractional part — first those that already
    /// hold more than their rounded-down share (they then give one slot less, so fewer slots move),
    /// then those with the larger fractions, then in the order given. A master of weight 0 gets 0.
    ///
    /// Replicas in `masters` are ignored; a master listed twice counts once. When no master has a
    /// positive weight, every master's target is what it already holds, so the plan is empty.
    public static func targets(for masters: [ClusterNode], balancer: Balancer) -> [String: Int] {
        let masters = distinctMasters(masters)
        let counts = masters.map(\.slots.count)
        let total = counts.reduce(0, +)
        let weights = masters.map { balancer.weight(of: $0) }
        guard let heaviest = weights.max(), heaviest > 0 else {
            return Dictionary(uniqueKeysWithValues: zip(masters.map(\.id), counts))
        }
        // Dividing by the heaviest weight first keeps the sum finite however large the weights are.
        let scaled = weights.map { $0 / heaviest }
        let scaledSum = scaled.reduce(0, +)
        let shares = scaled.map { Double(total) * $0 / scaledSum }
        let floors = shares.map { Swift.min(Int($0.rounded(.down)), total) }

        let order = masters.indices.filter { weights[$0] > 0 }.sorted { left, right in
            rank(left, shares: shares, floors: floors, counts: counts)
                < rank(right, shares: shares, floors: floors, counts: counts)
        }
        var targets = floors
        // In exact arithmetic 0 ≤ leftOver < order.count; the loop also absorbs floating-point
        // error in either direction, so the total is preserved whatever the weights.
        var leftOver = total - targets.reduce(0, +)
        var step = 0
        while leftOver != 0 {
            if leftOver > 0 {
                targets[order[step % order.count]] += 1
                leftOver -= 1
            } else {
                let index = order[order.count - 1 - step % order.count]
                if targets[index] > 0 {
                    targets[index] -= 1
                    leftOver += 1
                }
            }
            step += 1
        }
        return Dictionary(uniqueKeysWithValues: zip(masters.map(\.id), targets))
    }

    /// The moves that take the masters from the slots they hold to `targets`, node ID to slot count.
    ///
    /// Masters with more slots than their target give, masters with fewer receive; the one with the
    /// largest surplus is paired with the one with the largest deficit, as many slots as the smaller
    /// of the two, and so on (ties in the order given). A master absent from `targets` keeps what it
    /// has; a negative target counts as 0. The moves out of a master add up to its surplus, and
    /// no master ever both gives and receives. When the targets do not add up to the slots the
    /// masters hold, the slots that have no counterpart stay where they are.
    public static func moves(toReach targets: [String: Int], from masters: [ClusterNode]) -> [BalanceMove] {
        var senders: [(id: String, slots: Int)] = []
        var receivers: [(id: String, slots: Int)] = []
        for master in distinctMasters(masters) {
            let count = master.slots.count
            let target = Swift.max(targets[master.id] ?? count, 0)
            if count > target {
                senders.append((master.id, count - target))
            } else if count < target {
                receivers.append((master.id, target - count))
            }
        }
        senders = largestFirst(senders)
        receivers = largestFirst(receivers)

        var moves: [BalanceMove] = []
        var sender = 0
        var receiver = 0
        while sender < senders.count, receiver < receivers.count {
            let count = Swift.min(senders[sender].slots, receivers[receiver].slots)
            moves.append(
                BalanceMove(sourceID: senders[sender].id, destinationID: receivers[receiver].id, slotCount: count))
            senders[sender].slots -= count
            receivers[receiver].slots -= count
            if senders[sender].slots == 0 { sender += 1 }
            if receivers[receiver].slots == 0 { receiver += 1 }
        }
        return moves
    }

    /// The largest amount first; equal amounts keep the order given.
    private static func largestFirst(_ amounts: [(id: String, slots: Int)]) -> [(id: String, slots: Int)] {
        amounts.enumerated()
            .sorted { ($1.element.slots, $0.offset) < ($0.element.slots, $1.offset) }
            .map(\.element)
    }

    /// Sort key for who gets a left-over slot; smaller goes first.
    private static func rank(
        _ index: Int, shares: [Double], floors: [Int], counts: [Int]
    ) -> (Int, Int, Double, Int) {
        let fraction = shares[index] - Double(floors[index])
        return (fraction > 0 ? 0 : 1, counts[index] > floors[index] ? 0 : 1, -fraction, index)
    }
}
