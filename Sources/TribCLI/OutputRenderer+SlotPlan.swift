import Foundation
import RESP
import RedisTrib
import TribCommands

extension OutputRenderer {
    /// `{"command", "operation", "measure", "threshold", "applied", "summary", "slots_moved", "keys_moved",
    /// "moves": [{"source": {"id", "address"}, "destination": {…}, "slots", "slot_count", "amount"}],
    /// "masters": [{"id", "address", "weight", "slots_before", "slots_after", "amount_before", "amount_after", "share",
    /// "within_threshold", "replica_of"}], "notes"}`, as the README documents it.
    static func slotPlanObject(for plan: SlotPlan, command: String) -> [String: Any] {
        let node = { (id: String, address: NodeAddress?) -> [String: Any] in ["id": id, "address": address?.description ?? NSNull()] }
        return [
            "command": command,
            "operation": plan.operation.rawValue,
            "measure": plan.measure.rawValue,
            "threshold": plan.thresholdPercent ?? NSNull(),
            "applied": plan.applied,
            "summary": CommandCatalog.slotPlanSummaryText(plan),
            "slots_moved": plan.applied ? plan.summary?.slots ?? 0 : 0,
            "keys_moved": plan.applied ? plan.summary?.keys ?? 0 : 0,
            "moves": plan.moves.map { move -> [String: Any] in
                [
                    "source": node(move.sourceID, move.source),
                    "destination": node(move.destinationID, move.destination),
                    "slots": move.slots.description,
                    "slot_count": move.slots.count,
                    "amount": move.amount,
                ]
            },
            "masters": plan.masters.map { master -> [String: Any] in
                [
                    "id": master.id,
                    "address": master.address?.description ?? NSNull(),
                    "weight": master.weight,
                    "slots_before": master.slotsBefore,
                    "slots_after": master.slotsAfter,
                    "amount_before": master.amountBefore,
                    "amount_after": master.amountAfter,
                    "share": master.share ?? NSNull(),
                    "within_threshold": master.withinThreshold,
                    "replica_of": master.replicaOf?.description ?? NSNull(),
                ]
            },
            "notes": plan.notes,
        ]
    }
}
