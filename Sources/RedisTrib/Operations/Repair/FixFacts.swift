/// What `fix` decides from: every node that answered, its own view and its view of the cluster,
/// and the keys each master holds in the slots that matter. No I/O.
struct FixFacts: Sendable {
    /// The masters that answered, each as it sees itself, and the cluster as the node asked first sees it.
    var open: OpenSlotRepair.Facts
    /// Each node that answered (masters and replicas), its view of the whole cluster, by its ID.
    var topologies: [String: ClusterTopology]
    /// The replicas that answered, each as it sees itself.
    var replicas: [ClusterNode]
    /// The keys each master that answered holds, all databases together, in the slots
    /// ``FixPlanner/slotsToCount(_:)`` names for it; a slot not counted reads as no key.
    var keys: [String: [HashSlot: Int]] = [:]
    /// Whether slots whose only owner does not answer may be taken (`--take-unreachable-slots`).
    var takeUnreachable = false

    /// The keys `node` holds in `slot`, as counted.
    func keys(_ node: String, _ slot: HashSlot) -> Int {
        keys[node]?[slot] ?? 0
    }

    /// A node as the plan's sentences name it: `127.0.0.1:7000 (e3f1a2b4…)`.
    func name(_ id: String) -> String {
        reference(id).description
    }

    /// A reference to a node, with its address when it is known.
    func reference(_ id: String) -> Disagreement.NodeReference {
        Disagreement.NodeReference(id: id, address: open.views[id]?.address ?? open.cluster.node(id: id)?.address)
    }
}
