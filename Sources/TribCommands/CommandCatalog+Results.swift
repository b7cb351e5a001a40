import RESP
import RedisTrib

/// The sentence each command that changes a cluster answers when it is done: one function per
/// command, which its closure in ``CommandCatalog/commands`` and the tests of its output both call;
/// and the lines of a `check` report (a finding, the summary), which the renderer and call form share.
extension CommandCatalog {
    /// What `start` did.
    static func startText(_ node: NodeAddress) -> String {
        "\(node) serves all 16384 slots"
    }

    /// What `start_multi` did.
    static func startMultiText(nodeCount: Int) -> String {
        "a cluster of \(nodeCount) node(s) serves all 16384 slots"
    }

    /// What `join` did.
    static func joinText(_ newNode: NodeAddress, _ summary: MigrationSummary) -> String {
        "\(newNode) joined and took its share of the slots: \(movedText(summary))"
    }

    /// What `join_no_load` did.
    static func joinNoLoadText(_ newNode: NodeAddress) -> String {
        "\(newNode) joined with no slots"
    }

    /// What `replicate` did.
    static func replicateText(master: NodeAddress, replica: NodeAddress) -> String {
        "\(replica) replicates \(master)"
    }

    /// What `replicate --any-master` and `add_node --replica` did, the master being chosen.
    static func replicateChosenText(master: NodeAddress, replica: NodeAddress) -> String {
        "\(replica) replicates \(master) (chosen: on another host than the replica where one is, with the fewest replicas)"
    }

    /// What `quit` did: the slots a master gave away are counted, a node without slots says nothing of them.
    static func quitText(_ node: NodeAddress, _ summary: MigrationSummary) -> String {
        let moved = summary.slots == 0 ? "" : "; \(movedText(summary)) to the other masters"
        return "\(node) left its cluster and was reset\(moved)"
    }

    /// What `forget` did.
    static func forgetText(_ result: ForgetResult, in cluster: NodeAddress) -> String {
        let name = result.nodeID + (result.address.map { " (\($0))" } ?? "")
        let rounds = result.rounds > 1 ? " (told \(result.rounds) times, a round having taken over 50 s)" : ""
        let alive = result.wasAlive ? "; it still answers, and comes back within 60 s unless it is stopped or reset" : ""
        return "\(counted(result.toldNodes.count, "live node")) of the cluster of \(cluster) forgot \(name)\(rounds)\(alive)"
    }

    /// What `del_node` did: the sentence of `quit` or of `forget`, whichever way the node left.
    static func deleteNodeText(_ deletion: NodeDeletion, in cluster: NodeAddress) -> String {
        switch deletion {
        case .quit(let node, let summary): quitText(node, summary)
        case .forgotten(let result): forgetText(result, in: cluster) + " (it did not answer)"
        }
    }

    /// What `shutdown` did.
    static func shutdownText(_ node: NodeAddress) -> String {
        "the cluster of \(node) is dissolved"
    }

    /// A repair of `fix`'s plan as it prints it, numbered from 1: `[PLAN] 1. sentence`.
    public static func fixRepairText(_ repair: FixRepair, number: Int) -> String {
        "[PLAN] \(number). " + repair.message
    }

    /// What `fix` did, counted: `[OK] 2 repairs made`, `[OK] nothing to fix`, `[DRY RUN] 2 repairs
    /// planned, nothing changed`, or `[ERR] 2 repairs planned, 1 left undone`.
    public static func fixSummaryText(_ plan: FixPlan) -> String {
        if plan.isEmpty { return "[OK] nothing to fix" }
        let planned = counted(plan.repairs.count, "repair")
        if !plan.applied { return "[DRY RUN] \(planned) planned, nothing changed" }
        if !plan.leftUndone.isEmpty { return "[ERR] \(planned) planned, \(plan.leftUndone.count) left undone" }
        return "[OK] \(planned) made"
    }

    /// Every line of `fix`'s result: the plan (`[PLAN] N. sentence`), what was left undone
    /// (`[ERR] sentence`), then the summary.
    public static func fixLines(_ plan: FixPlan) -> [String] {
        fixPlanLines(plan) + fixOutcomeLines(plan)
    }

    /// The plan's lines, `[PLAN] N. sentence`, as `fix` prints them before it starts.
    public static func fixPlanLines(_ plan: FixPlan) -> [String] {
        plan.repairs.enumerated().map { fixRepairText($1, number: $0 + 1) }
    }

    /// What was left undone (`[ERR] sentence`), then the summary: what `fix` prints after the work.
    public static func fixOutcomeLines(_ plan: FixPlan) -> [String] {
        plan.leftUndone.map { "[ERR] " + $0 } + [fixSummaryText(plan)]
    }

    /// What `migrate_slots` did, in one sentence that says each count once: the slots moved and
    /// their keys, then the slots that were on the target already.
    static func movedSlotsText(_ result: SlotMigrationResult, from source: NodeAddress, to target: NodeAddress) -> String {
        let inPlace = result.alreadyOnTarget
        guard !result.moved.isEmpty else {
            return "nothing to move: slot(s) \(inPlace) already on \(target)"
        }
        let keys = result.keysMoved == 0 ? "no keys" : "\(result.keysMoved) key(s)"
        let moved = "moved \(result.moved.count) slot(s) with \(keys) from \(source) to \(target)"
        return inPlace.isEmpty ? moved : moved + "; \(inPlace.count) slot(s) already on \(target): \(inPlace)"
    }

    /// What `rescue` did.
    static func rescueText(_ freeNode: NodeAddress) -> String {
        "\(freeNode) took the slots no live master served"
    }

    /// `N slot(s) with K key(s)` (or `with no keys`), as a result counts what a move did.
    static func movedText(_ summary: MigrationSummary) -> String {
        "\(summary.slots) slot(s) with " + (summary.keys == 0 ? "no keys" : "\(summary.keys) key(s)")
    }

    /// A finding of `check` as it prints it, tagged as redis-cli tags them: `[ERR] sentence` or `[WARNING] sentence`.
    public static func checkFindingText(_ finding: CheckFinding) -> String {
        switch finding.severity {
        case .error: "[ERR] " + finding.message
        case .warning: "[WARNING] " + finding.message
        }
    }

    /// What `check` found, counted: `3 nodes checked: no errors, 3 warnings`.
    public static func checkSummaryText(_ report: ClusterCheckReport) -> String {
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.count - errors
        return "\(counted(report.checkedNodes.count, "node")) checked: \(counted(errors, "error")), \(counted(warnings, "warning"))"
    }

    /// `no errors`, `1 error`, `2 errors`.
    static func counted(_ count: Int, _ noun: String) -> String {
        switch count {
        case 0: "no \(noun)s"
        case 1: "1 \(noun)"
        default: "\(count) \(noun)s"
        }
    }
}
