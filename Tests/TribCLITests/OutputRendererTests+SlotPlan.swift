import Foundation
import RESP
import Testing

@testable import RedisTrib
@testable import TribCLI
@testable import TribCommands

extension OutputRendererTests {
    /// A rebalance by keys that emptied master C (weight 0), which the cluster then made a replica of A.
    static let rebalancePlan = SlotPlan(
        operation: .rebalance, measure: .keys, thresholdPercent: 2,
        masters: [
            SlotPlan.Master(
                id: SampleNodes.masterA.id, address: a, weight: 1, slotsBefore: 5461, slotsAfter: 8192, amountBefore: 900, amountAfter: 1500,
                share: 1500, withinThreshold: false),
            SlotPlan.Master(
                id: SampleNodes.masterB.id, address: b, weight: 1, slotsBefore: 5462, slotsAfter: 8192, amountBefore: 1490, amountAfter: 1500,
                share: 1500, withinThreshold: false),
            SlotPlan.Master(
                id: SampleNodes.masterC.id, address: c, weight: 0, slotsBefore: 5461, slotsAfter: 0, amountBefore: 610, amountAfter: 0,
                share: 0, withinThreshold: false, replicaOf: a),
        ],
        moves: [
            SlotPlan.Move(
                sourceID: SampleNodes.masterC.id, source: c, destinationID: SampleNodes.masterA.id, destination: a, slots: SlotSet(10923...13653),
                amount: 600),
            SlotPlan.Move(
                sourceID: SampleNodes.masterC.id, source: c, destinationID: SampleNodes.masterB.id, destination: b, slots: SlotSet(13654...16383),
                amount: 10),
        ],
        applied: true,
        summary: MigrationSummary(slots: 5461, slotsTotal: 5461, keys: 610, elapsed: 3, completed: true),
        notes: ["[::1]:7002 gave its last slot and the cluster made it a replica of 127.0.0.1:7000 (cluster-allow-replica-migration is yes)"])

    /// A reshard of 100 slots from A and B to C, planned only (a dry run).
    static let reshardPlan = SlotPlan(
        operation: .reshard, measure: .slots, thresholdPercent: nil,
        masters: [
            SlotPlan.Master(
                id: SampleNodes.masterA.id, address: a, weight: 1, slotsBefore: 5461, slotsAfter: 5411, amountBefore: 5461, amountAfter: 5411,
                share: nil, withinThreshold: false),
            SlotPlan.Master(
                id: SampleNodes.masterB.id, address: b, weight: 1, slotsBefore: 5462, slotsAfter: 5412, amountBefore: 5462, amountAfter: 5412,
                share: nil, withinThreshold: false),
            SlotPlan.Master(
                id: SampleNodes.masterC.id, address: c, weight: 1, slotsBefore: 5461, slotsAfter: 5561, amountBefore: 5461, amountAfter: 5561,
                share: nil, withinThreshold: false),
        ],
        moves: [
            SlotPlan.Move(
                sourceID: SampleNodes.masterA.id, source: a, destinationID: SampleNodes.masterC.id, destination: c, slots: SlotSet(0...49), amount: 50),
            SlotPlan.Move(
                sourceID: SampleNodes.masterB.id, source: b, destinationID: SampleNodes.masterC.id, destination: c, slots: SlotSet(5461...5510),
                amount: 50),
        ])

    @Test func aRebalanceThatMovedNothingSaysWhy() {
        var plan = Self.rebalancePlan
        plan.moves = []
        plan.applied = false
        plan.summary = nil
        plan.notes = ["no rebalancing needed: every master is within the 2% threshold of its share"]
        let text = Self.text.formatted(.slotPlan(plan), command: "rebalance")
        #expect(text.hasSuffix("[NOTE] no rebalancing needed: every master is within the 2% threshold of its share\n[OK] nothing to move"))
        #expect(!text.contains("[PLAN]"))
    }

    @Test func theMovesOfAPlanCarriedOutArePrintedBeforeTheWorkNotAfter() {
        let text = Self.text.formatted(.slotPlan(Self.rebalancePlan), command: "rebalance")
        #expect(!text.contains("[PLAN]"))
        #expect(CommandCatalog.slotPlanMoveLines(Self.rebalancePlan).first == "[PLAN] rebalance by keys, threshold 2%: 2 moves, 5461 slots")
        #expect(
            text.contains(
                "[MASTER] [::1]:7002 (\(SampleNodes.masterC.id.prefix(8))…) weight 0: 5461 -> 0 slots, 610 -> 0 keys, share 0 keys, now a replica of 127.0.0.1:7000"
            ))
    }
}
