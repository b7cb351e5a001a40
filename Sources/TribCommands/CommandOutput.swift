import RESP
import RedisTrib

/// What a command returns, for a renderer to print as text, a table or JSON, and for the shell to keep as a value.
public enum CommandOutput: Sendable {
    /// Done; nothing to show.
    case done(String)
    /// Nodes of a cluster, and the node that was asked.
    case nodes([ClusterNode], myself: ClusterNode)
    /// Each node's reply to `execute`.
    case replies([NodeReply])
    /// What `check` found: the nodes it read and every finding.
    case check(ClusterCheckReport)
    /// What `info` read: each master and the totals; with `--map`, the keys of every slot too.
    case info(ClusterInfoReport)
    /// What `fix` planned and did.
    case fix(FixPlan)
    /// What `rebalance` or `reshard` planned and did.
    case slotPlan(SlotPlan)
    /// What `create --replicas` planned and, unless it was a dry run, built: masters, slots, replicas, warnings.
    case layout(ClusterLayout)
    /// What `set_timeout` did on each node.
    case nodeTimeout(NodeTimeoutReport)
    /// What `import` did, or in a dry run would do.
    case importKeys(ImportReport)
    /// The files `backup` wrote, or in a dry run would write.
    case backup(BackupReport)

    /// Whether the command ran but its answer is a failure: a `check` that found an error, a `fix`
    /// that left a repair undone, a `set_timeout` with a node not set or not saved, a dry run of
    /// `import` that found conflicts without `--replace`. The command line exits 1 for it; a script's statement prints it and goes on.
    public var isFailure: Bool {
        switch self {
        case .check(let report): !report.isHealthy
        case .fix(let plan): !plan.leftUndone.isEmpty
        case .nodeTimeout(let report): !report.failed.isEmpty
        case .importKeys(let report): report.isBlocked
        default: false
        }
    }
}
