import RESP

/// The state of an amount balance while it is planned (``BalancePlan/amountMoves(_:balancer:amounts:thresholdPercent:maxSlots:)``):
/// what each master holds and should hold, and the slots given so far.
struct AmountLedger {
    /// One master's side of the ledger.
    private struct Holder {
        let id: String
        let weight: Double
        var target: Double
        var amount: Double
        var slotCount: Int
        /// Its slots that hold something, by amount then slot number, smallest first.
        var full: [(slot: HashSlot, amount: Int)]
        /// Its slots that hold nothing, lowest first.
        var empty: [HashSlot]

        var excess: Double { amount - target }
    }

    private var holders: [Holder]
    private var given: [(slot: HashSlot, from: Int, to: Int, amount: Int)] = []
    private var budget: Int
    /// How far from its target a master may stay, as a fraction of the target: the threshold.
    private let tolerance: Double

    init(active: [ClusterNode], balancer: Balancer, amounts: [HashSlot: Int], budget: Int, thresholdPercent: Double) {
        let weights = active.map { balancer.weight(of: $0) }
        var holders: [Holder] = []
        for (master, weight) in zip(active, weights) {
            let sorted = master.slots.sorted()
            let full = sorted.compactMap { slot -> (slot: HashSlot, amount: Int)? in
                let amount = amounts[slot] ?? 0
                return amount > 0 ? (slot, amount) : nil
            }.sorted { ($0.amount, $0.slot) < ($1.amount, $1.slot) }
            let amount = full.reduce(0.0) { $0 + Double($1.amount) }
            holders.append(
                Holder(
                    id: master.id, weight: weight, target: 0, amount: amount, slotCount: sorted.count, full: full,
                    empty: sorted.filter { (amounts[$0] ?? 0) <= 0 }))
        }
        let total = holders.reduce(0.0) { $0 + $1.amount }
        let heaviest = weights.max() ?? 0
        let scaledSum = heaviest > 0 ? weights.reduce(0.0) { $0 + $1 / heaviest } : 0
        for index in holders.indices where scaledSum > 0 {
            holders[index].target = total * (holders[index].weight / heaviest) / scaledSum
        }
        self.holders = holders
        self.budget = budget
        self.tolerance = max(thresholdPercent, 0) / 100
    }

    /// Every slot of each master of weight 0 goes to the masters of positive weight.
    mutating func drainWeightless() {
        let receivers = holders.indices.filter { holders[$0].weight > 0 }
        guard !receivers.isEmpty else { return }
        for donor in holders.indices where holders[donor].weight == 0 {
            // The fullest slots first, each to the receiver furthest below its target.
            var gave = 0
            for entry in holders[donor].full.reversed() {
                guard budget > 0,
                    let receiver = receivers.min(by: { left, right in
                        (holders[left].excess, holders[left].slotCount, left) < (holders[right].excess, holders[right].slotCount, right)
                    })
                else { break }
                give(entry.slot, amount: entry.amount, from: donor, to: receiver)
                gave += 1
            }
            holders[donor].full.removeLast(gave)
            gave = 0
            for slot in holders[donor].empty {
                guard budget > 0, let receiver = receivers.min(by: { (holders[$0].slotCount, $0) < (holders[$1].slotCount, $1) }) else { break }
                give(slot, amount: 0, from: donor, to: receiver)
                gave += 1
            }
            holders[donor].empty.removeFirst(gave)
        }
    }

    /// The fullest master gives the emptiest the slot that brings both nearest their targets, while
    /// that helps and one of the two is further from its target than the threshold.
    mutating func evenOut() {
        let candidates = holders.indices.filter { holders[$0].weight > 0 }
        while budget > 0 {
            guard let donor = candidates.max(by: { (holders[$0].excess, $1) < (holders[$1].excess, $0) }),
                let receiver = candidates.min(by: { (holders[$0].excess, $0) < (holders[$1].excess, $1) }),
                donor != receiver, holders[donor].slotCount > 1
            else { return }
            let surplus = holders[donor].excess
            let deficit = -holders[receiver].excess
            guard surplus > 0, deficit > 0,
                surplus > holders[donor].target * tolerance || deficit > holders[receiver].target * tolerance,
                let index = bestSlot(of: donor, surplus: surplus, deficit: deficit)
            else { return }
            let entry = holders[donor].full.remove(at: index)
            give(entry.slot, amount: entry.amount, from: donor, to: receiver)
        }
    }

    /// The index in the donor's full slots of the one whose amount leaves donor and receiver closest
    /// to their targets: any amount between the surplus and the deficit is best; else the nearest on
    /// either side, when it helps at all (an amount below their sum).
    private func bestSlot(of donor: Int, surplus: Double, deficit: Double) -> Int? {
        let full = holders[donor].full
        let low = min(surplus, deficit)
        let high = max(surplus, deficit)
        var lower = 0
        var upper = full.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if Double(full[middle].amount) < low { lower = middle + 1 } else { upper = middle }
        }
        let distance = { (amount: Double) in abs(surplus - amount) + abs(deficit - amount) }
        var best: Int?
        if lower < full.count, Double(full[lower].amount) <= high {
            best = lower
        } else {
            let options = [lower - 1, lower].filter { full.indices.contains($0) }
            best = options.min { distance(Double(full[$0].amount)) < distance(Double(full[$1].amount)) }
        }
        guard let best, distance(Double(full[best].amount)) < surplus + deficit else { return nil }
        return best
    }

    private mutating func give(_ slot: HashSlot, amount: Int, from donor: Int, to receiver: Int) {
        given.append((slot, donor, receiver, amount))
        holders[donor].amount -= Double(amount)
        holders[donor].slotCount -= 1
        holders[receiver].amount += Double(amount)
        holders[receiver].slotCount += 1
        budget -= 1
    }

    /// The slots given, one move per (source, destination) pair in the order the pairs first gave.
    func moves(addresses masters: [ClusterNode]) -> [SlotPlan.Move] {
        var order: [String] = []
        var moves: [String: SlotPlan.Move] = [:]
        for entry in given {
            let source = holders[entry.from].id
            let destination = holders[entry.to].id
            let key = source + ">" + destination
            if moves[key] == nil {
                order.append(key)
                moves[key] = SlotPlan.Move(
                    sourceID: source, source: BalancePlan.address(source, in: masters),
                    destinationID: destination, destination: BalancePlan.address(destination, in: masters),
                    slots: SlotSet(), amount: 0)
            }
            moves[key]?.slots.insert(entry.slot)
            moves[key]?.amount += entry.amount
        }
        return order.compactMap { moves[$0] }
    }
}
