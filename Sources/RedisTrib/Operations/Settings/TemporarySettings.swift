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
///   is put back as soon as the node is `ok`, before any replica is attached.
/// - **The diskless sync delay.** A master sending its first sync over the socket
///   (`repl-diskless-sync yes`) waits `repl-diskless-sync-delay` seconds (5 by default) for more
///   replicas to come and share the transfer. When the tool attaches all of a master's replicas at
///   once it knows how many will come, so `repl-diskless-sync-max-replicas` is set to that number:
///   the transfer starts as soon as they all are connected.
enum TemporarySettings {
    /// The `cluster-node-timeout` a node gets while the tool waits for its state to turn `ok`: the
    /// lowest rejoin delay the servers have (500 ms); a lower timeout would not shorten it.
    static let nodeTimeout = 500

    /// The settings read to decide, by `CONFIG` name.
    static let names = [
        "cluster-node-timeout", "repl-diskless-sync", "repl-diskless-sync-delay", "repl-diskless-sync-max-replicas",
    ]

    /// Which settings an operation changes on the nodes it waits for.
    enum Plan: Sendable {
        /// ``shortNodeTimeout(current:)`` on every node.
        case shortNodeTimeout
        /// ``replicaSync(current:replicas:)`` on every master, with the number of replicas it gets.
        case replicaSync(replicas: [NodeAddress: Int])

        /// The changes for the node at `address`, given its current values (``names``).
        func changes(for address: NodeAddress, current: [String: String]) -> [Change] {
            switch self {
            case .shortNodeTimeout: TemporarySettings.shortNodeTimeout(current: current)
            case .replicaSync(let replicas): TemporarySettings.replicaSync(current: current, replicas: replicas[address] ?? 0)
            }
        }
    }

    /// One change: the setting, its value now and the value it gets for the wait.
    struct Change: Sendable, Hashable {
        var name: String
        var original: String
        var temporary: String
    }

    /// The change to a short `cluster-node-timeout` that shortens a master's rejoin delay, given its
    /// current values (``names``); none when its timeout is already at most ``nodeTimeout`` or
    /// cannot be read.
    static func shortNodeTimeout(current: [String: String]) -> [Change] {
        guard let text = current["cluster-node-timeout"], let timeout = Int(text), timeout > nodeTimeout else { return [] }
        return [Change(name: "cluster-node-timeout", original: String(timeout), temporary: String(nodeTimeout))]
    }

    /// The change that starts a master's diskless first sync once its `replicas` new replicas are
    /// connected; none when it does not sync diskless, does not wait, already starts at that
    /// number, or the server has no such setting.
    static func replicaSync(current: [String: String], replicas: Int) -> [Change] {
        guard replicas > 0, current["repl-diskless-sync"] == "yes",
            let delay = current["repl-diskless-sync-delay"].flatMap({ Int($0) }), delay > 0,
            let text = current["repl-diskless-sync-max-replicas"], let maximum = Int(text),
            maximum == 0 || maximum > replicas
        else { return [] }
        return [Change(name: "repl-diskless-sync-max-replicas", original: String(maximum), temporary: String(replicas))]
    }
}
