import RESP
import RedisTrib

/// The lines of a `rebalance` or `reshard` plan, which the renderer, the event printer and the
/// language's call form share.
extension CommandCatalog {
    /// Every line of a plan's result: its moves (unless they were printed before the work), each
    /// master before and after, the notes, then the summary.
    public static func slotPlanLines(_ plan: SlotPlan, movesShown: Bool = false) -> [String] {
        (movesShown ? [] : slotPlanMoveLines(plan)) + plan.masters.map { slotPlanMasterText($0, plan: plan) }
            + plan.notes.map { "[NOTE] " + $0 } + [slotPlanSummaryText(plan)]
    }

    /// `[PLAN] rebalance by slots, threshold 2%: 2 moves, 2730 slots`, then one `[PLAN] SRC -> DST: N slot(s) SLOTS` per move.
    public static func slotPlanMoveLines(_ plan: SlotPlan) -> [String] {
        guard !plan.isEmpty else { return [] }
        var title = plan.operation.rawValue
        if plan.operation == .rebalance {
            title += " by \(plan.measure.rawValue)" + (plan.thresholdPercent.map { ", threshold \(SlotPlan.percentText($0))%" } ?? "")
        }
        let header = "[PLAN] \(title): \(counted(plan.moves.count, "move")), \(counted(plan.slotCount, "slot"))"
        return [header]
            + plan.moves.map { move in
                let held = plan.measure == .slots ? "" : " holding \(plan.measure == .memory ? "~" : "")\(counted(move.amount, plan.measure.unit))"
                return "[PLAN] \(nodeName(move.sourceID, move.source)) -> \(nodeName(move.destinationID, move.destination)): "
                    + "\(counted(move.slots.count, "slot"))\(held) \(move.slots)"
            }
    }

    /// `[MASTER] 127.0.0.1:7000 (1a2b3c4d…) weight 1: 5461 -> 4096 slots, share 4096`, with the keys or
    /// bytes for `--by keys|memory`, and what the threshold or the cluster made of it.
    public static func slotPlanMasterText(_ master: SlotPlan.Master, plan: SlotPlan) -> String {
        var text = "[MASTER] \(nodeName(master.id, master.address))"
        if plan.operation == .rebalance {
            text += " weight \(SlotPlan.percentText(master.weight))"
        }
        text += ": \(master.slotsBefore) -> \(master.slotsAfter) slots"
        if plan.measure != .slots {
            let approximately = plan.measure == .memory ? "~" : ""
            text += ", \(approximately)\(master.amountBefore) -> \(approximately)\(master.amountAfter) \(plan.measure.unit)s"
        }
        if let share = master.share {
            text += ", share \(SlotPlan.percentText(share))" + (plan.measure == .slots ? "" : " \(plan.measure.unit)s")
        }
        if master.withinThreshold {
            text += ", within the threshold"
        }
        if let replicaOf = master.replicaOf {
            text += ", now a replica of \(replicaOf)"
        }
        return text
    }

    /// `[OK] moved 2730 slot(s) with 1200 key(s) in 2 moves`, `[OK] nothing to move`, or `[DRY RUN] 2 moves of 2730 slots planned, nothing changed`.
    public static func slotPlanSummaryText(_ plan: SlotPlan) -> String {
        if plan.isEmpty { return "[OK] nothing to move" }
        guard plan.applied, let summary = plan.summary else {
            return "[DRY RUN] \(counted(plan.moves.count, "move")) of \(counted(plan.slotCount, "slot")) planned, nothing changed"
        }
        return "[OK] moved \(movedText(summary)) in \(counted(plan.moves.count, "move"))"
    }

    /// `127.0.0.1:7000 (1a2b3c4d…)`, or the id when the address is not known.
    static func nodeName(_ id: String, _ address: NodeAddress?) -> String {
        guard let address else { return id }
        return "\(address) (\(id.prefix(8))…)"
    }
}
