/// The size of a cluster a build case creates: masters, and replicas for each master.
struct ClusterShape: Sendable, Hashable, Comparable {
    var masters: Int
    var replicasPerMaster: Int

    var replicas: Int { masters * replicasPerMaster }
    var nodes: Int { masters + replicas }

    /// `3+3`, `6+0`.
    var label: String { "\(masters)+\(replicas)" }

    static func < (lhs: ClusterShape, rhs: ClusterShape) -> Bool {
        (lhs.nodes, lhs.replicas) < (rhs.nodes, rhs.replicas)
    }

    /// Half masters, half replicas: `nodes` 30 gives 15+15.
    static func halfReplicas(nodes: Int) -> ClusterShape {
        ClusterShape(masters: max(1, nodes / 2), replicasPerMaster: 1)
    }
}
