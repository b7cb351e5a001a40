import RESP
import Testing
import TribTestSupport

@testable import RedisTrib

/// The planners of `rebalance` and `reshard`: threshold, weights, amounts, proportional take, cap.
@Suite("rebalance and reshard planners")
struct RebalancePlannerTests {
    typealias Fixture = BalancePlanTests

    /// Slot counts of each master after `moves`, checking that every slot moved was its source's.
    static func apply(_ moves: [SlotPlan.Move], to masters: [ClusterNode]) -> [String: Int] {
        var held = Dictionary(uniqueKeysWithValues: masters.map { ($0.id, $0.slots) })
        for move in moves {
            #expect(held[move.sourceID]?.isSuperset(of: move.slots) == true, "\(move.slots) are not all \(move.sourceID)'s")
            held[move.sourceID]?.subtract(move.slots)
            held[move.destinationID]?.formUnion(move.slots)
        }
        return held.mapValues(\.count)
    }

    @Test("within 2 % of its share a master is within the threshold; 5462/5461/5461 moves nothing")
    func threshold() {
        #expect(BalancePlan.isWithinThreshold(5462, share: 5461.33, percent: 2))
        #expect(BalancePlan.isWithinThreshold(5360, share: 5461.33, percent: 2))
        #expect(!BalancePlan.isWithinThreshold(5300, share: 5461.33, percent: 2))
        #expect(BalancePlan.isWithinThreshold(0, share: 0, percent: 2))
        #expect(!BalancePlan.isWithinThreshold(1, share: 0, percent: 50))
        #expect(!BalancePlan.isWithinThreshold(5462, share: 5461.33, percent: 0))
        let masters = Fixture.masters(holding: [5462, 5461, 5461])
        let plan = BalancePlan.slotCountMoves(masters, balancer: .even, thresholdPercent: 2)
        #expect(plan.moves.isEmpty)
        #expect(plan.withinThreshold == Set(masters.map(\.id)))
        // With no threshold every master is judged, but the shares rounded to whole slots are what they hold.
        let exact = BalancePlan.slotCountMoves(masters, balancer: .even, thresholdPercent: 0)
        #expect(exact.moves.isEmpty && exact.withinThreshold.isEmpty)
    }

    @Test("once one master is beyond the threshold every master takes part, as redis-cli: each ends within one slot of its share")
    func oneBeyondThresholdBalancesAll() {
        // Shares 4096 each: the first three (4176) are within 2 % (81.9 slots), the last (3856) is not.
        let masters = Fixture.masters(holding: [4176, 4176, 4176, 3856])
        let plan = BalancePlan.slotCountMoves(masters, balancer: .even, thresholdPercent: 2)
        #expect(plan.withinThreshold == [masters[0].id, masters[1].id, masters[2].id])
        let counts = Self.apply(plan.moves, to: masters)
        #expect(masters.map { counts[$0.id] } == [4096, 4096, 4096, 4096])
        #expect(plan.moves.allSatisfy { $0.destinationID == masters[3].id })
        // By keys the same: the master short of its share takes from those within the threshold.
        var amounts: [HashSlot: Int] = [:]
        for master in masters { for slot in master.slots { amounts[slot] = 10 } }
        let byKeys = BalancePlan.amountMoves(masters, balancer: .even, amounts: amounts, thresholdPercent: 2)
        let keyCounts = Self.apply(byKeys.moves, to: masters)
        #expect(masters.allSatisfy { abs((keyCounts[$0.id] ?? 0) - 4096) <= 82 }, "\(keyCounts)")
        #expect(!byKeys.moves.isEmpty)
    }

    @Test("weights 2:1:1 and 0 end within one slot of the exact share; weight 0 empties a master")
    func weights() {
        let masters = Fixture.masters(holding: [5462, 5461, 5461])
        let plan = BalancePlan.slotCountMoves(masters, balancer: Fixture.balancer(weights: [2, 1, 1], of: masters), thresholdPercent: 2)
        let counts = Self.apply(plan.moves, to: masters)
        #expect(masters.map { counts[$0.id] ?? 0 } == [8192, 4096, 4096])
        #expect(plan.shares[masters[0].id] == 8192)
        let drain = BalancePlan.slotCountMoves(masters, balancer: Fixture.balancer(weights: [1, 1, 0], of: masters), thresholdPercent: 2)
        let drained = Self.apply(drain.moves, to: masters)
        #expect(drained[masters[2].id] == 0 && drained.values.reduce(0, +) == 16384)
        #expect(abs((drained[masters[0].id] ?? 0) - 8192) <= 1)
    }

    @Test("a weight-0 master alone over the threshold still empties into the masters within it")
    func drainIntoBalancedMasters() {
        let masters = Fixture.masters(holding: [5461, 5461, 5461, 1])
        let plan = BalancePlan.slotCountMoves(masters, balancer: Fixture.balancer(weights: [1, 1, 1, 0], of: masters), thresholdPercent: 2)
        #expect(Self.apply(plan.moves, to: masters)[masters[3].id] == 0)
    }

    @Test("the cap cuts the moves in the order planned, and the slots given are the source's lowest")
    func cap() {
        let masters = Fixture.masters(holding: [16384, 0, 0])
        let plan = BalancePlan.slotCountMoves(masters, balancer: .even, thresholdPercent: 2, maxSlots: 6000)
        #expect(plan.moves.reduce(0) { $0 + $1.slots.count } == 6000)
        #expect(plan.moves.first?.slots == SlotSet(0...5460))
        #expect(plan.moves.last?.slots == SlotSet(5461...5999))
    }

    @Test("by keys: the fullest master gives its slots that bring it nearest its share, empty slots stay, the cap holds")
    func byKeys() throws {
        let masters = Fixture.masters(holding: [100, 100, 100])
        var amounts: [HashSlot: Int] = [:]
        // The first master: 10 slots of 90 keys; the others 10 keys in one slot each.
        for slot in 0..<10 { amounts[try HashSlot(slot)] = 90 }
        amounts[try HashSlot(100)] = 10
        amounts[try HashSlot(200)] = 10
        let plan = BalancePlan.amountMoves(masters, balancer: .even, amounts: amounts, thresholdPercent: 2)
        let moved = plan.moves.reduce(SlotSet()) { $0.union($1.slots) }
        #expect(moved.isSubset(of: SlotSet(0...9)))
        #expect(plan.moves.allSatisfy { $0.sourceID == masters[0].id })
        // 920 keys: shares 306.7; the first keeps 4 slots (360), the others get 3 each (280).
        #expect(moved.count == 6)
        #expect(plan.moves.map(\.amount).reduce(0, +) == 540)
        let capped = BalancePlan.amountMoves(masters, balancer: .even, amounts: amounts, thresholdPercent: 2, maxSlots: 2)
        #expect(capped.moves.reduce(0) { $0 + $1.slots.count } == 2)
        let even = BalancePlan.amountMoves(masters, balancer: .even, amounts: [:], thresholdPercent: 2)
        #expect(even.moves.isEmpty)
    }

    @Test("by keys, weight 0: every slot of the master goes, the full ones to the emptiest master, the empty ones spread")
    func byKeysDrain() throws {
        let masters = Fixture.masters(holding: [10, 10, 10])
        var amounts: [HashSlot: Int] = [:]
        amounts[try HashSlot(20)] = 50
        amounts[try HashSlot(0)] = 5
        let plan = BalancePlan.amountMoves(
            masters, balancer: Fixture.balancer(weights: [1, 1, 0], of: masters), amounts: amounts, thresholdPercent: 2)
        let counts = Self.apply(plan.moves, to: masters)
        #expect(counts[masters[2].id] == 0)
        #expect(counts[masters[0].id] == 15 && counts[masters[1].id] == 15)
        #expect(plan.moves.first { $0.slots.contains(try! HashSlot(20)) }?.destinationID == masters[1].id)
    }

    @Test(
        "proportional take: exactly N, each part within one of its exact share, the leftovers to the largest fractions (ties: the one holding more)",
        arguments: [
            ([5462, 5461], 1001, [501, 500]), ([100, 100, 100, 100], 10, [3, 3, 2, 2]), ([1, 9], 5, [0, 5]), ([2, 9], 5, [1, 4]), ([16384], 16384, [16384]),
        ])
    func proportionalTake(held: [Int], count: Int, parts: [Int]) {
        let sources = Fixture.masters(holding: held)
        let take = BalancePlan.proportionalTake(from: sources, count: count)
        #expect(sources.map { take[$0.id] ?? 0 } == parts)
        #expect(take.values.reduce(0, +) == count)
    }

    @Test("the slots to give: the lowest, or the fewest keys first with ties by slot number")
    func slotsToGive() throws {
        let source = Fixture.masters(holding: [6])[0]
        #expect(BalancePlan.slotsToGive(from: source, count: 2) == [try HashSlot(0), try HashSlot(1)])
        let keys: [HashSlot: Int] = [try HashSlot(0): 3, try HashSlot(1): 0, try HashSlot(2): 1, try HashSlot(3): 0]
        #expect(BalancePlan.slotsToGive(from: source, count: 3, keys: keys) == [try HashSlot(1), try HashSlot(3), try HashSlot(4)])
    }

    @Test("reshard's --from: all, or nodes by address and id separated by commas; a bad word is named")
    func reshardSources() throws {
        #expect(try ReshardSources(parsing: "all") == .all)
        #expect(
            try ReshardSources(parsing: "127.0.0.1:7000,1a2b3c4d")
                == .nodes([.address(NodeAddress(host: "127.0.0.1", port: 7000)), .id("1a2b3c4d")]))
        #expect(throws: TribError.self) { try ReshardSources(parsing: "127.0.0.1:7000,,") }
        do {
            _ = try ReshardSources(parsing: "127.0.0.1:7000,xyz")
        } catch {
            #expect(error.message.hasPrefix("--from 'xyz':"))
        }
    }
}
