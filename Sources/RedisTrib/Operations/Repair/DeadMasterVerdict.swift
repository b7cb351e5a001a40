import RESP

/// Whether a master that owns slots is dead, for `rescue`: decided from facts alone (no I/O).
///
/// Dead means all three: the cluster agreed it failed (`fail`, not one node's `fail?`), this tool
/// cannot reach it, and no replica of it is left to take over. `--force` overrides the agreement
/// and the replica conditions, never reachability: a master that answers keeps its slots.
struct DeadMasterVerdict: Sendable, Hashable {
    var master: ClusterNode
    /// Why its slots are not taken (`nil`: dead, they are).
    var sparedBecause: String?
    /// What `--force` overrode to count it dead.
    var overridden: String?

    /// The verdict on `master`, or `nil` when nothing is wrong with it (not flagged, and it answers).
    ///
    /// - Parameters:
    ///   - answers: whether this tool reached it.
    ///   - topology: the cluster as `seed` sees it (flags, replicas).
    init?(_ master: ClusterNode, answers: Bool, in topology: ClusterTopology, seed: NodeAddress, force: Bool) {
        guard master.isFailed || !answers else { return nil }
        self.master = master
        if answers {
            sparedBecause = "answers this tool (flagged \(master.isAgreedFailed ? "fail" : "fail?") by \(seed))"
            return
        }
        let replicas = topology.nodes.filter { $0.masterID == master.id && !$0.isFailed }
        var doubts: [String] = []
        if !master.isAgreedFailed {
            doubts.append(master.isFailed ? "the cluster only suspects it failed (fail?)" : "the cluster has not marked it failed")
        }
        if !replicas.isEmpty {
            doubts.append("its replica \(replicas.compactMap(\.address).map(\.description).joined(separator: ", ")) can still take over")
        }
        guard !doubts.isEmpty else { return }
        if force {
            overridden = doubts.joined(separator: " and ")
        } else {
            sparedBecause = "does not answer, but " + doubts.joined(separator: " and ") + " (--force takes its slots anyway)"
        }
    }
}
