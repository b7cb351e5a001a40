import RESP
import Testing
import TribTestSupport

@testable import RedisTrib

@Suite("BalancePlan")
struct BalancePlanTests {
    // MARK: Tables

    @Test("equal weights: three masters and a new empty one end with 4096 each")
    func equalWeightsWithNewMaster() throws {
        let masters = Self.masters(holding: [5461, 5462, 5461, 0])
        let moves = BalancePlan.evenSplit.moves(for: masters, balancer: .even)
        let counts = try Self.apply(moves, to: masters)
        #expect(masters.map { counts[$0.id] } == [4096, 4096, 4096, 4096])
        #expect(
            moves == [
                BalanceMove(sourceID: masters[1].id, destinationID: masters[3].id, slotCount: 1366),
                BalanceMove(sourceID: masters[0].id, destinationID: masters[3].id, slotCount: 1365),
                BalanceMove(sourceID: masters[2].id, destinationID: masters[3].id, slotCount: 1365),
            ])
    }

    @Test(
        "unequal weights 1:2:1 give a quarter, a half and a quarter",
        arguments: [[16384, 0, 0], [5461, 5462, 5461], [0, 0, 16384], [0, 16384, 0], [4096, 8192, 4096]])
    func unequalWeights(start: [Int]) throws {
        let masters = Self.masters(holding: start)
        let balancer = Self.balancer(weights: [1, 2, 1], of: masters)
        let targets = BalancePlan.targets(for: masters, balancer: balancer)
        #expect(masters.map { targets[$0.id] } == [4096, 8192, 4096])
        let counts = try Self.apply(BalancePlan.evenSplit.moves(for: masters, balancer: balancer), to: masters)
        #expect(counts == targets)
    }

    /// Where the slots start: all on the first master, spread evenly, or all on the last.
    enum Layout: String, CaseIterable, Sendable {
        case allOnFirst, even, allOnLast

        func counts(total: Int, masters: Int) -> [Int] {
            switch self {
            case .allOnFirst: [total] + Array(repeating: 0, count: masters - 1)
            case .allOnLast: Array(repeating: 0, count: masters - 1) + [total]
            case .even: (0..<masters).map { total / masters + ($0 < total % masters ? 1 : 0) }
            }
        }
    }

    @Test(
        "rounding: the total is kept and each target is within 1 of its exact share",
        arguments: [3, 7, 100], Layout.allCases)
    func rounding(masterCount: Int, layout: Layout) throws {
        let masters = Self.masters(holding: layout.counts(total: HashSlot.count, masters: masterCount))
        for weights in [Array(repeating: 1, count: masterCount), Array(1...masterCount)] {
            let balancer = Self.balancer(weights: weights, of: masters)
            let targets = BalancePlan.targets(for: masters, balancer: balancer)
            try Self.expectFair(targets, masters: masters, weights: weights)
            let counts = try Self.apply(BalancePlan.evenSplit.moves(for: masters, balancer: balancer), to: masters)
            #expect(counts == targets)
        }
    }

    @Test("rounding leftovers stay with masters that would otherwise give them away")
    func leftoversStayPut() {
        // 16384 over 3 is 5461⅓: the spare slot stays on the master that already holds 5462.
        let masters = Self.masters(holding: [5461, 5462, 5461])
        #expect(BalancePlan.evenSplit.moves(for: masters).isEmpty)
        let targets = BalancePlan.targets(for: masters, balancer: .even)
        #expect(masters.map { targets[$0.id] } == [5461, 5462, 5461])
    }

    // MARK: Properties

    @Test("1 to 100 masters, random slots and weights: targets reached, invariants kept")
    func randomClusters() throws {
        var random = SplitMix64(seed: 0x5107_BA1A)
        for masterCount in 1...100 {
            let total = masterCount.isMultiple(of: 10) ? Int.random(in: 0...50, using: &random) : HashSlot.count
            var cuts = (0..<(masterCount - 1)).map { _ in Int.random(in: 0...total, using: &random) }
            cuts = [0] + cuts.sorted() + [total]
            let masters = Self.masters(holding: (0..<masterCount).map { cuts[$0 + 1] - cuts[$0] })
            var weights = masters.map { _ in Int.random(in: 0...4, using: &random) }
            if weights.allSatisfy({ $0 == 0 }) {
                weights[Int.random(in: 0..<masterCount, using: &random)] = 1
            }
            let balancer = Self.balancer(weights: weights, of: masters)
            // Order breaks ties, so targets and moves are asked of the same order.
            let nodes = (masters + Self.replicas(of: masters)).shuffled(using: &random)

            let targets = BalancePlan.targets(for: nodes, balancer: balancer)
            try Self.expectFair(targets, masters: masters, weights: weights)
            let moves = BalancePlan.evenSplit.moves(for: nodes, balancer: balancer)
            let counts = try Self.apply(moves, to: masters)
            let missed = masters.map(\.id).filter { counts[$0] != targets[$0] }
            #expect(missed.isEmpty, "\(masterCount) masters: \(missed.count) miss their target")
            let senders = Set(moves.map(\.sourceID))
            let receivers = Set(moves.map(\.destinationID))
            #expect(senders.isDisjoint(with: receivers))
            #expect(moves.count <= Swift.max(senders.count + receivers.count - 1, 0))
            for (master, weight) in zip(masters, weights) where weight == 0 {
                #expect(counts[master.id] == 0)
            }
        }
    }

    @Test("the plan is deterministic")
    func deterministic() {
        let masters = Self.masters(holding: [100, 7000, 0, 9284, 0])
        let balancer = Self.balancer(weights: [1, 3, 2, 2, 1], of: masters)
        let first = BalancePlan.evenSplit.moves(for: masters, balancer: balancer)
        for _ in 0..<10 {
            #expect(BalancePlan.evenSplit.moves(for: masters, balancer: balancer) == first)
        }
    }

    // MARK: Edge cases

    @Test("a master of weight 0 drains completely")
    func zeroWeightDrains() throws {
        let masters = Self.masters(holding: [4096, 4096, 4096, 4096])
        let leaving = masters[0].id
        let balancer = Balancer { $0.id == leaving ? 0 : 1 }
        let moves = BalancePlan.evenSplit.moves(for: masters, balancer: balancer)
        #expect(moves.allSatisfy { $0.sourceID == leaving })
        #expect(moves.map(\.slotCount).reduce(0, +) == 4096)
        let counts = try Self.apply(moves, to: masters)
        #expect(masters.map { counts[$0.id] } == [0, 5462, 5461, 5461])
    }

    @Test("replicas and role-less nodes are ignored")
    func replicasIgnored() {
        let masters = Self.masters(holding: [10000, 6384, 0])
        var handshake = ClusterNode(id: Self.id(999), address: nil, flags: [.handshake])
        handshake.slots = SlotSet(0...10)
        let nodes = Self.replicas(of: masters) + masters + [handshake]
        let targets = BalancePlan.targets(for: nodes, balancer: .even)
        #expect(Set(targets.keys) == Set(masters.map(\.id)))
        let moves = BalancePlan.evenSplit.moves(for: nodes, balancer: Balancer { _ in 1 })
        #expect(moves == BalancePlan.evenSplit.moves(for: masters, balancer: .even))
        let masterIDs = Set(masters.map(\.id))
        #expect(moves.allSatisfy { masterIDs.contains($0.sourceID) && masterIDs.contains($0.destinationID) })
    }

    @Test("all weights 0: nowhere to put the slots, so the plan is empty")
    func allWeightsZero() {
        let masters = Self.masters(holding: [16000, 384, 0])
        let balancer = Balancer { _ in 0 }
        #expect(BalancePlan.evenSplit.moves(for: masters, balancer: balancer).isEmpty)
        let targets = BalancePlan.targets(for: masters, balancer: balancer)
        #expect(masters.map { targets[$0.id] } == [16000, 384, 0])
    }

    @Test("one master keeps everything; no slots means nothing to move; no masters, no plan")
    func degenerateClusters() {
        let single = Self.masters(holding: [16384])
        #expect(BalancePlan.evenSplit.moves(for: single).isEmpty)
        #expect(BalancePlan.targets(for: single, balancer: .even) == [single[0].id: 16384])

        let empty = Self.masters(holding: [0, 0, 0])
        #expect(BalancePlan.evenSplit.moves(for: empty).isEmpty)
        #expect(BalancePlan.targets(for: empty, balancer: .even).values.allSatisfy { $0 == 0 })

        #expect(BalancePlan.evenSplit.moves(for: []).isEmpty)
        #expect(BalancePlan.targets(for: [], balancer: .even).isEmpty)
    }

    @Test(
        "a weight that is negative, NaN or infinite counts as 0",
        arguments: [-1, Double.nan, Double.infinity, -Double.infinity])
    func invalidWeights(bad: Double) throws {
        let masters = Self.masters(holding: [8192, 8192, 0])
        let victim = masters[0].id
        let balancer = Balancer { $0.id == victim ? bad : 1 }
        #expect(balancer.weight(of: masters[0]) == 0)
        let counts = try Self.apply(BalancePlan.evenSplit.moves(for: masters, balancer: balancer), to: masters)
        #expect(masters.map { counts[$0.id] } == [0, 8192, 8192])
    }

    @Test("fractional and huge weights keep the total and stay within 1 of the exact share")
    func floatingPointWeights() throws {
        let tables = [[0.1, 0.2, 0.3], [1e308, 1e308, 5e307], [1e-300, 3e-300], Array(repeating: 0.7, count: 7)]
        for weights in tables {
            let masters = Self.masters(holding: [HashSlot.count] + Array(repeating: 0, count: weights.count - 1))
            let byID = Dictionary(uniqueKeysWithValues: zip(masters.map(\.id), weights))
            let targets = BalancePlan.targets(for: masters, balancer: Balancer { byID[$0.id] ?? 0 })
            #expect(targets.values.reduce(0, +) == HashSlot.count)
            let heaviest = weights.max() ?? 1
            let sum = weights.map { $0 / heaviest }.reduce(0, +)
            for (master, weight) in zip(masters, weights) {
                let share = Double(HashSlot.count) * (weight / heaviest) / sum
                #expect(abs(Double(targets[master.id] ?? -1) - share) < 1, "\(weights)")
            }
        }
    }

    @Test("a master listed twice counts once")
    func duplicateMasters() throws {
        let masters = Self.masters(holding: [16384, 0])
        let moves = BalancePlan.evenSplit.moves(for: masters + masters, balancer: .even)
        #expect(moves == [BalanceMove(sourceID: masters[0].id, destinationID: masters[1].id, slotCount: 8192)])
    }

    @Test("a custom plan sees only masters, and its empty or self moves are dropped")
    func customPlan() {
        let masters = Self.masters(holding: [100, 0])
        let plan = BalancePlan { given, _ in
            #expect(given.map(\.id) == masters.map(\.id))
            return [
                BalanceMove(sourceID: given[0].id, destinationID: given[1].id, slotCount: 0),
                BalanceMove(sourceID: given[0].id, destinationID: given[0].id, slotCount: 5),
                BalanceMove(sourceID: given[0].id, destinationID: given[1].id, slotCount: 10),
            ]
        }
        let moves = plan.moves(for: Self.replicas(of: masters) + masters, balancer: .even)
        #expect(moves == [BalanceMove(sourceID: masters[0].id, destinationID: masters[1].id, slotCount: 10)])
    }

    @Test("moves(toReach:from:) pairs the largest surplus with the largest deficit")
    func pairing() {
        let masters = Self.masters(holding: [10, 50, 0, 40, 0, 7])
        // Targets add up to 70 of the 107 slots, and the last master has none: 30 of m3's slots and
        // m5's 7 have no counterpart and stay.
        let targets = [masters[0].id: 20, masters[1].id: 10, masters[2].id: 30, masters[3].id: 10, masters[4].id: -5]
        let moves = BalancePlan.moves(toReach: targets, from: masters)
        #expect(
            moves == [
                BalanceMove(sourceID: masters[1].id, destinationID: masters[2].id, slotCount: 30),
                BalanceMove(sourceID: masters[1].id, destinationID: masters[0].id, slotCount: 10),
            ])
        #expect(BalancePlan.moves(toReach: [:], from: masters).isEmpty)
    }

    // MARK: Helpers

    /// A 40-character node ID ending in `number`.
    static func id(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "e", count: 40 - digits.count) + digits
    }

    /// Masters on ports 7000, 7001… holding consecutive runs of `counts[i]` slots.
    static func masters(holding counts: [Int]) -> [ClusterNode] {
        var next = 0
        return counts.enumerated().map { index, count in
            defer { next += count }
            return ClusterNode(
                id: id(index), address: NodeAddress(host: "127.0.0.1", port: 7000 + index), flags: [.master],
                slots: count > 0 ? SlotSet(next...(next + count - 1)) : SlotSet())
        }
    }

    /// One replica of each master, on ports 8000, 8001….
    static func replicas(of masters: [ClusterNode]) -> [ClusterNode] {
        masters.enumerated().map { index, master in
            ClusterNode(
                id: id(1000 + index), address: NodeAddress(host: "127.0.0.1", port: 8000 + index), flags: [.replica],
                masterID: master.id)
        }
    }

    /// A balancer giving `masters[i]` weight `weights[i]`, and every other node 1.
    static func balancer(weights: [Int], of masters: [ClusterNode]) -> Balancer {
        let byID = Dictionary(uniqueKeysWithValues: zip(masters.map(\.id), weights.map(Double.init)))
        return Balancer { byID[$0.id] ?? 1 }
    }

    /// Applies `moves` to the slot counts of `masters` in order, checking each move as it goes.
    static func apply(_ moves: [BalanceMove], to masters: [ClusterNode]) throws -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: masters.map { ($0.id, $0.slots.count) })
        for move in moves {
            let available = try #require(counts[move.sourceID], "\(move) moves from a node that is not a master")
            try #require(counts[move.destinationID] != nil, "\(move) moves to a node that is not a master")
            #expect(move.slotCount > 0, "\(move)")
            #expect(move.sourceID != move.destinationID, "\(move)")
            #expect(move.slotCount <= available, "\(move) but the source has \(available)")
            counts[move.sourceID, default: 0] -= move.slotCount
            counts[move.destinationID, default: 0] += move.slotCount
        }
        return counts
    }

    /// The targets keep the total and each is within 1 of `total × weight ÷ Σ weights`, in exact integers.
    static func expectFair(_ targets: [String: Int], masters: [ClusterNode], weights: [Int]) throws {
        let total = masters.map(\.slots.count).reduce(0, +)
        let weightSum = weights.reduce(0, +)
        #expect(targets.count == masters.count)
        #expect(targets.values.reduce(0, +) == total)
        for (master, weight) in zip(masters, weights) {
            let target = try #require(targets[master.id])
            #expect(abs(target * weightSum - total * weight) < weightSum, "\(master.id): \(target) of \(total)")
        }
    }
}
