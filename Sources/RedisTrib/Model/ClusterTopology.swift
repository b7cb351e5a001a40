import RESP

/// The cluster as one node sees it: the nodes of its `CLUSTER NODES` reply, with the questions the
/// operations ask of them — who is myself, who are the masters and their replicas, who owns a slot,
/// which slots nobody serves, which are half-moved.
public struct ClusterTopology: Sendable, Hashable {
    /// The nodes, in the order of the reply.
    public var nodes: [ClusterNode] {
        didSet { myselfIndex = nodes.firstIndex(where: \.isMyself) }
    }
    /// Where ``myself`` is in ``nodes``: looked up once, as checks of big clusters ask for it per
    /// node of every view.
    private var myselfIndex: Int?

    /// A topology of these nodes.
    public init(nodes: [ClusterNode]) {
        self.nodes = nodes
        myselfIndex = nodes.firstIndex(where: \.isMyself)
    }

    /// Parses a `CLUSTER NODES` reply.
    ///
    /// - Throws: ``ClusterModelError`` for the first malformed line; see ``ClusterNodesParser/parse(_:)``.
    public init(parsing clusterNodesText: String) throws(ClusterModelError) {
        self.init(nodes: try ClusterNodesParser.parse(clusterNodesText))
    }

    /// The node that produced the reply, if the reply has a `myself` line.
    public var myself: ClusterNode? {
        myselfIndex.map { nodes[$0] }
    }

    /// The node with this ID.
    public func node(id: String) -> ClusterNode? {
        nodes.first { $0.id == id }
    }

    /// The node at this address.
    public func node(at address: NodeAddress) -> ClusterNode? {
        nodes.first { $0.address == address }
    }

    /// The masters, failed ones included, in reply order.
    public var masters: [ClusterNode] {
        nodes.filter(\.isMaster)
    }

    /// The replicas, in reply order.
    public var replicas: [ClusterNode] {
        nodes.filter(\.isReplica)
    }

    /// The replicas of the master with this ID, in reply order.
    public func replicas(of masterID: String) -> [ClusterNode] {
        nodes.filter { $0.isReplica && $0.masterID == masterID }
    }

    /// The node that owns `slot`, or `nil` when no node does.
    public func owner(of slot: HashSlot) -> ClusterNode? {
        nodes.first { $0.slots.contains(slot) }
    }

    /// The slots some node owns.
    public var coveredSlots: SlotSet {
        nodes.reduce(into: SlotSet()) { $0.formUnion($1.slots) }
    }

    /// The slots no node owns.
    public var uncoveredSlots: SlotSet {
        SlotSet.all.subtracting(coveredSlots)
    }

    /// Whether every one of the 16384 slots has an owner.
    public var coversAllSlots: Bool {
        coveredSlots.isFull
    }

    /// The slots some node lists as migrating or importing.
    public var openSlots: SlotSet {
        nodes.reduce(into: SlotSet()) { $0.formUnion($1.openSlots) }
    }

    /// The nodes that are failed or possibly failed.
    public var failedNodes: [ClusterNode] {
        nodes.filter(\.isFailed)
    }
}
