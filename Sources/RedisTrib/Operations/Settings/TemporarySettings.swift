import RESP

/// The settings the tool changes on a node only while it waits for the node, so that a new cluster
/// is ready when the servers allow it rather than after delays meant for other situations.
///
/// - **The rejoin delay.** A master that has been in a minority (a new node knows no other master)
///   stays in `cluster_state:fail` after it has learnt the others, for `cluster-node-timeout`
///   clamped to 0.5–5 s, so that a master coming back after a partition does not take writes before
///   the cluster had a chance to fail it over. A node being created or joined has nothing to be
///   failed over, so for that wait `cluster-node-timeout` is lowered to ``nodeTimeout`` (the server
///   reads it at the moment the state would change); failure detection follows the same value, so it
///   is put back as soon as the node is `ok`, before any replica is attached. A node pings every
///   other node at least every half node timeout, so the lowered value is kept high enough that
///   the lowered nodes add at most ``pingBudget`` pings a second (``loweredNodeTimeout(lowered:clusterSize:)``):
///   on a cluster of hundreds of nodes it is not lowered at all.
/// - **The diskless sync delay.** A master sending its first sync over the socket
///   (`repl-diskless-sync yes`) waits `repl-diskless-sync-delay` seconds (5 by default) for more
///   replicas to come and share the transfer (and Valkey checks `repl-diskless-sync-max-replicas`
///   only once a second). A master the tool has just made holds no keys, so a transfer per replica
///   costs nothing: while its replicas attach, its delay is 0 and each sync starts at once.
enum TemporarySettings {
    /// The `cluster-node-timeout` a node gets while the tool waits for its state to turn `ok`, at
    /// best: the lowest rejoin delay the servers have (500 ms); a lower timeout would not shorten it.
    static let nodeTimeout = 500
    /// The highest rejoin delay (5000 ms): a timeout at or above it does not shorten the wait.
    static let longestRejoinDelay = 5000
    /// The most cluster-bus pings a second the lowered nodes may send together. Each pings every
    /// other node at least every half timeout: 50 masters of a 100-node cluster at 500 ms send
    /// 19,800, which 2 cores carry beside the servers' work; 150 of 300 would send 179,400, and
    /// the servers, starved, flag each other failing.
    static let pingBudget = 20_000

    /// The node timeout for `lowered` nodes of a cluster of `clusterSize` nodes: ``nodeTimeout``, or
    /// more where that would send more than ``pingBudget`` pings a second.
    static func loweredNodeTimeout(lowered: Int, clusterSize: Int) -> Int {
        let pingsPerHalfTimeout = lowered * Swift.max(clusterSize - 1, 0)
        return Swift.max(nodeTimeout, 2 * 1000 * pingsPerHalfTimeout / pingBudget)
    }

    /// The settings read to decide, by `CONFIG` name.
    static let names = [
        "cluster-node-timeout", "repl-diskless-sync", "repl-diskless-sync-delay",
    ]

    /// Which settings an operation changes on the nodes it waits for.
    enum Plan: Sendable {
        /// ``shortNodeTimeout(current:to:)`` on every node, in a cluster of `clusterSize` nodes
        /// once they have met.
        case shortNodeTimeout(clusterSize: Int)
        /// ``replicaSync(current:)`` on every master.
        case replicaSync

        /// The changes for one of `lowered` nodes, given its current values (``names``).
        func changes(current: [String: String], lowered: Int) -> [Change] {
            switch self {
            case .shortNodeTimeout(let clusterSize):
                TemporarySettings.shortNodeTimeout(
                    current: current, to: TemporarySettings.loweredNodeTimeout(lowered: lowered, clusterSize: clusterSize))
            case .replicaSync: TemporarySettings.replicaSync(current: current)
            }
        }
    }

    /// One change: the setting, its value now and the value it gets for the wait.
    struct Change: Sendable, Hashable {
        var name: String
        var original: String
        var temporary: String
    }

    /// The change to a `cluster-node-timeout` of `target` that shortens a master's rejoin delay,
    /// given its current values (``names``); none when its timeout is already at most `target` or
    /// cannot be read, or when `target` would not halve the longest delay (``longestRejoinDelay``):
    /// a few hundred milliseconds are not worth more pings on a big cluster.
    static func shortNodeTimeout(current: [String: String], to target: Int = nodeTimeout) -> [Change] {
        guard target * 2 <= longestRejoinDelay, let text = current["cluster-node-timeout"], let timeout = Int(text), timeout > target else { return [] }
        return [Change(name: "cluster-node-timeout", original: String(timeout), temporary: String(target))]
    }

    /// The change that starts a master's diskless first syncs as soon as each replica asks; none
    /// when it does not sync diskless or does not wait.
    static func replicaSync(current: [String: String]) -> [Change] {
        guard current["repl-diskless-sync"] == "yes", let text = current["repl-diskless-sync-delay"], let delay = Int(text), delay > 0
        else { return [] }
        return [Change(name: "repl-diskless-sync-delay", original: String(delay), temporary: "0")]
    }
}
