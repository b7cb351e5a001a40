import RESP

/// Everything `check` finds wrong with a cluster, worked out from what its nodes say: each node's
/// own view (``NodeView``) and the nodes that could not be read. No I/O;
/// ``ClusterOperator/check(_:)`` reads the nodes.
///
/// Findings come in a fixed order: unreachable nodes, disagreements between the views (slot
/// owners, roles, members), coverage, nodes that refuse commands, open slots and running atomic
/// migrations, stray keys, flagged nodes, replication (replicas, links, lag), config epochs,
/// settings. Slots that are wrong the
/// same way are grouped into one finding, so its sentence prints them as ranges.
public enum ClusterCheck {
    /// A node that was to be read and could not be, and why.
    public struct UnreachableNode: Sendable, Hashable {
        /// The node, as the views know it.
        public var node: Disagreement.NodeReference
        /// Why it could not be read, as the connection or the node said.
        public var reason: String

        /// `node` could not be read because of `reason`.
        public init(node: Disagreement.NodeReference, reason: String) {
            self.node = node
            self.reason = reason
        }
    }

    /// Keys a master holds in slots it neither owns nor imports (`CLUSTER COUNTKEYSINSLOT`).
    public struct StrayKeys: Sendable, Hashable {
        /// The master that holds them.
        public var node: Disagreement.NodeReference
        /// The slots they are in.
        public var slots: SlotSet
        /// How many keys, all databases together.
        public var keys: Int

        /// `keys` keys in `slots` on `node`.
        public init(node: Disagreement.NodeReference, slots: SlotSet, keys: Int) {
            self.node = node
            self.slots = slots
            self.keys = keys
        }
    }

    /// The settings of a node that should be the same on every node, by name.
    public struct NodeSettings: Sendable, Hashable {
        /// The node.
        public var node: Disagreement.NodeReference
        /// Its values of ``ClusterCheck/settingsThatShouldAgree``, by name; a setting the server
        /// does not have is left out.
        public var values: [String: String]

        /// `node`'s `values`.
        public init(node: Disagreement.NodeReference, values: [String: String]) {
            self.node = node
            self.values = values
        }
    }

    /// The settings every node of a cluster should share: failure detection, what a node serves
    /// when slots are down, and when replicas move or take over.
    public static let settingsThatShouldAgree = [
        "cluster-node-timeout", "cluster-require-full-coverage", "cluster-allow-reads-when-down",
        "cluster-allow-replica-migration", "cluster-migration-barrier", "cluster-replica-validity-factor",
    ]

    /// What is wrong with the cluster that `views` describe; empty when nothing is.
    ///
    /// - Parameters:
    ///   - views: what each node that answered says, in the order to name them.
    ///   - unreachable: the nodes that could not be read.
    ///   - strayKeys: keys the masters hold in slots they neither own nor import.
    ///   - settings: the settings of the nodes that answered, in the order to name them.
    ///   - health: the replication links and atomic migration jobs of the nodes that answered.
    public static func findings(
        _ views: [NodeView], unreachable: [UnreachableNode] = [], strayKeys: [StrayKeys] = [], settings: [NodeSettings] = [],
        health: [NodeHealth] = []
    ) -> [CheckFinding] {
        var directory = NodeDirectory(views: views)
        var findings = unreachable.map { CheckFinding(.unreachableNode, "\($0.node) could not be reached: \($0.reason)", nodes: [$0.node]) }
        findings += slotOwnerDisagreements(views, directory: &directory)
        findings += roleDisagreements(views, directory: directory)
        findings += unknownNodes(views, directory: directory)
        findings += coverage(views, directory: directory)
        findings += failingStates(views)
        findings += openSlots(views, directory: directory)
        findings += runningJobs(health, directory: directory)
        findings += strayKeys.filter { $0.keys > 0 && !$0.slots.isEmpty }.map { stray in
            CheckFinding(
                .keysInUnownedSlots,
                "\(stray.node) holds \(stray.keys) key(s) in \(phrase(stray.slots)), which it neither owns nor imports",
                nodes: [stray.node], slots: stray.slots)
        }
        findings += flaggedNodes(views, directory: directory)
        findings += replication(views, directory: directory)
        findings += replicaLinks(health, views: views, directory: directory)
        findings += epochCollisions(views, directory: directory)
        findings += epochSpaces(health)
        findings += unrestoredSettings(health)
        findings += differingSettings(settings)
        return findings
    }

    /// For each setting the nodes do not share, which nodes have which value.
    private static func differingSettings(_ settings: [NodeSettings]) -> [CheckFinding] {
        settingsThatShouldAgree.compactMap { name in
            var values: [String] = []
            var nodesByValue: [String: [Disagreement.NodeReference]] = [:]
            for node in settings {
                guard let value = node.values[name] else { continue }
                if nodesByValue[value] == nil { values.append(value) }
                nodesByValue[value, default: []].append(node.node)
            }
            guard values.count > 1 else { return nil }
            let groups = values.map { value in
                "\(value) on " + (nodesByValue[value] ?? []).map(\.description).joined(separator: ", ")
            }
            let nodes = values.flatMap { nodesByValue[$0] ?? [] }
            return CheckFinding(.settingDiffers, "\(name) differs between the nodes: " + groups.joined(separator: "; "), nodes: nodes)
        }
    }

    // MARK: Agreement

    /// For each group of slots on which the views name the same owners, which view names which owner.
    private static func slotOwnerDisagreements(_ views: [NodeView], directory: inout NodeDirectory) -> [CheckFinding] {
        let maps = views.map { ViewSummary(view: $0, directory: &directory).owners }
        guard let first = maps.first, maps.contains(where: { $0 != first }) else { return [] }
        // An opinion is the owner each view names for a slot, in view order.
        var opinions: [[Int32]] = []
        var slotsByOpinion: [[Int32]: SlotSet] = [:]
        for slot in 0..<HashSlot.count {
            let opinion = maps.map { $0[slot] }
            guard opinion.contains(where: { $0 != opinion[0] }) else { continue }
            if slotsByOpinion[opinion] == nil {
                opinions.append(opinion)
            }
            slotsByOpinion[opinion, default: SlotSet()].insert(HashSlot(uncheckedValue: UInt16(slot)))
        }
        return opinions.map { opinion in
            let slots = slotsByOpinion[opinion] ?? SlotSet()
            var owners: [Int32] = []
            var viewersByOwner: [Int32: [NodeView]] = [:]
            for (view, owner) in zip(views, opinion) {
                if viewersByOwner[owner] == nil {
                    owners.append(owner)
                }
                viewersByOwner[owner, default: []].append(view)
            }
            let claims = owners.map { owner in
                let viewers = viewersByOwner[owner] ?? []
                let named = directory.reference(toNumber: owner).map(String.init(describing:)) ?? "no owner"
                return "\(listed(viewers.map(\.address))) \(viewers.count == 1 ? "sees" : "see") \(named)"
            }
            return CheckFinding(
                .slotOwnerDisagreement, "the nodes disagree on the owner of \(phrase(slots)): " + claims.joined(separator: "; "),
                nodes: views.map(viewer) + owners.compactMap(directory.reference(toNumber:)), slots: slots)
        }
    }

    /// For each node some views list and others do not, which views do.
    private static func unknownNodes(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var missing: [Disagreement.NodeReference] = []
        for case .unknownNode(_, let node) in ClusterAgreement.membershipDifferences(views, directory: directory) where !missing.contains(node) {
            missing.append(node)
        }
        return missing.map { node in
            let knowing = views.filter { $0.topology.node(id: node.id) != nil }
            let lacking = views.filter { $0.topology.node(id: node.id) == nil }
            return CheckFinding(
                .unknownNode, "\(node) is listed by \(listed(knowing.map(\.address))) but not by \(listed(lacking.map(\.address)))",
                nodes: [node] + lacking.map(viewer) + knowing.map(viewer))
        }
    }

    // MARK: Coverage

    /// Slots no view gives a master, and slots whose only owner in every view is flagged `fail`.
    private static func coverage(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var findings: [CheckFinding] = []
        var claims: [String: SlotSet] = [:]
        for view in views {
            for node in view.topology.masters where !node.isInHandshake {
                claims[node.id, default: SlotSet()].formUnion(node.slots)
            }
        }
        let uncovered = claims.values.reduce(SlotSet.all) { $0.subtracting($1) }
        if !uncovered.isEmpty {
            findings.append(
                CheckFinding(
                    .uncoveredSlots,
                    "\(phrase(uncovered)) \(uncovered.count == 1 ? "is" : "are") served by no node: no view assigns "
                        + "\(pronoun(uncovered)) to a master", nodes: [], slots: uncovered))
        }
        for (node, flaggers) in flagged(.failed, in: views, directory: directory) {
            let others = claims.filter { $0.key != node.id }.values.reduce(SlotSet()) { $0.union($1) }
            let only = (claims[node.id] ?? SlotSet()).subtracting(others)
            guard !only.isEmpty else { continue }
            findings.append(
                CheckFinding(
                    .failedOwner,
                    "\(phrase(only)) \(only.count == 1 ? "is" : "are") served only by \(node), which "
                        + "\(listed(flaggers.map(\.address))) \(flaggers.count == 1 ? "flags" : "flag") as failed",
                    nodes: [node] + flaggers.map(viewer), slots: only))
        }
        return findings
    }

    // MARK: Open slots

    /// Migrating and importing slots from each node's own line (no other line shows them), paired
    /// with the other side when it has the matching marker.
    private static func openSlots(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        struct Marker: Hashable {
            var holder: String
            var peer: String
            var direction: Disagreement.Direction
            var matched: Bool
        }
        var own: [String: ClusterNode] = [:]
        for view in views {
            if let myself = view.topology.myself, own[myself.id] == nil {
                own[myself.id] = myself
            }
        }
        var markers: [Marker] = []
        var slotsByMarker: [Marker: SlotSet] = [:]
        func add(_ marker: Marker, _ slot: HashSlot) {
            if slotsByMarker[marker] == nil {
                markers.append(marker)
            }
            slotsByMarker[marker, default: SlotSet()].insert(slot)
        }
        for view in views {
            guard let myself = view.topology.myself else { continue }
            for (slot, target) in myself.migrating.sorted(by: { $0.key < $1.key }) {
                let matched = own[target]?.importing[slot] == myself.id
                add(Marker(holder: myself.id, peer: target, direction: .migrating, matched: matched), slot)
            }
            // A matched import is told with its migrating side.
            for (slot, source) in myself.importing.sorted(by: { $0.key < $1.key }) where own[source]?.migrating[slot] != myself.id {
                add(Marker(holder: myself.id, peer: source, direction: .importing, matched: false), slot)
            }
        }
        return markers.map { marker in
            let slots = slotsByMarker[marker] ?? SlotSet()
            let holder = directory.reference(to: marker.holder)
            let peer = directory.reference(to: marker.peer)
            let peerSide = own[marker.peer] == nil ? "\(peer) could not be read" : nil
            let message: String
            let kind: CheckFinding.Kind
            switch (marker.direction, marker.matched) {
            case (.migrating, true):
                kind = .openSlot
                message =
                    "\(phrase(slots)) \(slots.count == 1 ? "is" : "are") open: \(holder) has \(pronoun(slots)) MIGRATING to \(peer), "
                    + "and \(peer) has \(pronoun(slots)) IMPORTING from \(holder)"
            case (.migrating, false):
                kind = .loneMigrating
                message =
                    "\(holder) has \(phrase(slots)) MIGRATING to \(peer), but "
                    + (peerSide ?? "\(peer) does not have \(pronoun(slots)) IMPORTING from \(holder)")
            case (.importing, _):
                kind = .loneImporting
                message =
                    "\(holder) has \(phrase(slots)) IMPORTING from \(peer), but "
                    + (peerSide ?? "\(peer) does not have \(pronoun(slots)) MIGRATING to \(holder)")
            }
            return CheckFinding(kind, message, nodes: [holder, peer], slots: slots)
        }
    }

    // MARK: Node health

    /// Nodes flagged `fail`, `fail?`, `handshake` or `noaddr`, each with the views that flag it.
    private static func flaggedNodes(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        let kinds: [(ClusterNode.Flag, CheckFinding.Kind)] = [
            (.failed, .failedNode), (.possiblyFailed, .possiblyFailedNode), (.handshake, .handshakeNode), (.noAddress, .noAddressNode),
        ]
        return kinds.flatMap { flag, kind in
            flagged(flag, in: views, directory: directory).map { node, flaggers in
                CheckFinding(kind, "\(node) is flagged \(flag) by \(listed(flaggers.map(\.address)))", nodes: [node] + flaggers.map(viewer))
            }
        }
    }

    /// Masters with slots and no replica, and replicas on their master's host, as the nodes see
    /// themselves (a node's own line, or the first view that lists it when it was not read).
    private static func replication(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var order: [String] = []
        var nodes: [String: ClusterNode] = [:]
        for view in views {
            for node in view.topology.nodes where !node.isInHandshake && (nodes[node.id] == nil || node.isMyself) {
                if nodes[node.id] == nil {
                    order.append(node.id)
                }
                nodes[node.id] = node
            }
        }
        let replicated = Set(nodes.values.filter(\.isReplica).compactMap(\.masterID))
        var findings: [CheckFinding] = []
        for id in order {
            guard let node = nodes[id] else { continue }
            let reference = directory.reference(to: id)
            if node.isMaster, !node.slots.isEmpty, !replicated.contains(id) {
                findings.append(
                    CheckFinding(.masterWithoutReplica, "\(reference) serves \(phrase(node.slots)) and has no replica", nodes: [reference], slots: node.slots))
            }
            // Hosts are compared as the address strings the nodes announce: two names or two IPs
            // of one machine are not recognised as the same host.
            if node.isReplica, let masterID = node.masterID, let host = node.address?.host, nodes[masterID]?.address?.host == host {
                let master = directory.reference(to: masterID)
                findings.append(
                    CheckFinding(.replicaOnMasterHost, "\(reference) is a replica of \(master) on the same host, \(host)", nodes: [reference, master]))
            }
        }
        return findings
    }

    // MARK: Words

    /// For each node some view flags with `flag`, in order of first sight, the views that do.
    private static func flagged(
        _ flag: ClusterNode.Flag, in views: [NodeView], directory: NodeDirectory
    ) -> [(node: Disagreement.NodeReference, flaggers: [NodeView])] {
        var order: [String] = []
        var found: [String: (node: Disagreement.NodeReference, flaggers: [NodeView])] = [:]
        for view in views {
            // By index: only the flags of each line are read, and only a flagged node is copied.
            let nodes = view.topology.nodes
            for index in nodes.indices where nodes[index].flags.contains(flag) {
                let node = nodes[index]
                if found[node.id] == nil {
                    order.append(node.id)
                    found[node.id] = (directory.reference(to: node, in: view), [])
                }
                found[node.id]?.flaggers.append(view)
            }
        }
        return order.compactMap { found[$0] }
    }

    /// The node that gave `view`, by the ID on its own line.
    static func viewer(_ view: NodeView) -> Disagreement.NodeReference {
        Disagreement.NodeReference(id: view.topology.myself?.id ?? "", address: view.address)
    }

    /// `slot 5` or `slots 5-7 9`.
    static func phrase(_ slots: SlotSet) -> String {
        "\(slots.count == 1 ? "slot" : "slots") \(slots)"
    }

    /// `it` for one slot, `them` for several.
    private static func pronoun(_ slots: SlotSet) -> String {
        slots.count == 1 ? "it" : "them"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ items: [NodeAddress]) -> String {
        let names = items.map(\.description)
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
