import RESP

/// Decides whether the reachable nodes of a cluster agree, the condition every operation waits for
/// after a change.
///
/// The nodes agree when their views (``NodeView``) show:
/// - `cluster_state:ok` everywhere (when required);
/// - no node in handshake;
/// - the same members: no view lacks a node another view lists;
/// - the same role for every node, and the same master for every replica;
/// - the same owner for each of the 16384 slots;
/// - no open slot (migrating or importing), when required.
///
/// Roles and slot owners are compared against one reference view: the one whose slot map and roles
/// the most views share (the earliest on a tie), so the odd node out is the one named. The check is
/// pure and linear in slots × views: each view becomes one array of 16384 owner numbers, compared
/// whole, and slot by slot only when it differs.
public enum ClusterAgreement {
    /// `nil` when the views agree; otherwise every way in which they do not.
    ///
    /// - Parameters:
    ///   - views: what each reachable node says; no views agree trivially.
    ///   - requireStateOK: whether a `cluster_state` other than `ok` is a disagreement; `false`
    ///     while the cluster is not expected to serve every slot yet.
    ///   - requireOpenSlotsClosed: whether a migrating or importing slot is a disagreement.
    ///   - ignored: node IDs whose markers are no disagreement (a replica's stale marker that its
    ///     server refuses to clear, which `fix` reports instead of waiting for it).
    public static func check(
        _ views: [NodeView], requireStateOK: Bool = true, requireOpenSlotsClosed: Bool = true, ignoringMarkersOf ignored: Set<String> = []
    ) -> Disagreement? {
        var directory = NodeDirectory(views: views)
        var differences: [Disagreement.Difference] = []
        if requireStateOK {
            for view in views where view.clusterState != "ok" {
                differences.append(.clusterState(viewer: view.address, state: view.clusterState))
            }
        }
        for view in views {
            for node in view.topology.nodes where node.isInHandshake {
                differences.append(.handshake(viewer: view.address, node: directory.reference(to: node, in: view)))
            }
        }
        differences += membershipDifferences(views, directory: directory)

        let summaries = views.map { ViewSummary(view: $0, directory: &directory) }
        if let reference = referenceIndex(summaries) {
            for index in summaries.indices where index != reference {
                differences += roleDifferences(
                    views[index], summaries[index],
                    against: views[reference], summaries[reference], directory: directory)
            }
            for index in summaries.indices where index != reference {
                differences += slotDifferences(
                    views[index], summaries[index],
                    against: views[reference], summaries[reference], directory: directory)
            }
        }
        if requireOpenSlotsClosed {
            for view in views {
                differences += openSlotDifferences(view, directory: directory, ignoring: ignored)
            }
        }
        return differences.isEmpty ? nil : Disagreement(differences: differences)
    }

    // MARK: Members

    /// A view lacks a node when another view lists it (out of handshake, whose IDs are temporary).
    static func membershipDifferences(
        _ views: [NodeView], directory: NodeDirectory
    ) -> [Disagreement.Difference] {
        var members: [String] = []
        var seen: Set<String> = []
        for view in views {
            for node in view.topology.nodes where !node.isInHandshake && seen.insert(node.id).inserted {
                members.append(node.id)
            }
        }
        var differences: [Disagreement.Difference] = []
        for view in views {
            let known = Set(view.topology.nodes.map(\.id))
            for id in members where !known.contains(id) {
                differences.append(.unknownNode(viewer: view.address, node: directory.reference(to: id)))
            }
        }
        return differences
    }

    // MARK: Reference view

    /// The index of the view whose slot map and roles most views share; the earliest on a tie.
    private static func referenceIndex(_ summaries: [ViewSummary]) -> Int? {
        var tally: [ViewSummary: (count: Int, first: Int)] = [:]
        for (index, summary) in summaries.enumerated() {
            tally[summary, default: (0, index)].count += 1
        }
        return tally.values.min { ($1.count, $0.first) < ($0.count, $1.first) }?.first
    }

    // MARK: Roles

    private static func roleDifferences(
        _ view: NodeView, _ summary: ViewSummary,
        against reference: NodeView, _ referenceSummary: ViewSummary,
        directory: NodeDirectory
    ) -> [Disagreement.Difference] {
        guard summary.roles != referenceSummary.roles else { return [] }
        var differences: [Disagreement.Difference] = []
        for node in reference.topology.nodes where !node.isInHandshake {
            let number = directory.number(of: node.id)
            guard let role = summary.roles[number], let referenceRole = referenceSummary.roles[number],
                role != referenceRole
            else { continue }
            differences.append(
                .role(
                    viewer: view.address, node: directory.reference(to: node.id),
                    role: directory.role(role), reference: reference.address,
                    referenceRole: directory.role(referenceRole)))
        }
        return differences
    }

    // MARK: Slots

    private static func slotDifferences(
        _ view: NodeView, _ summary: ViewSummary,
        against reference: NodeView, _ referenceSummary: ViewSummary,
        directory: NodeDirectory
    ) -> [Disagreement.Difference] {
        guard summary.owners != referenceSummary.owners else { return [] }
        struct OwnerPair: Hashable {
            var owner: Int32
            var referenceOwner: Int32
        }
        var order: [OwnerPair] = []
        var slotsByPair: [OwnerPair: SlotSet] = [:]
        summary.owners.withUnsafeBufferPointer { owners in
            referenceSummary.owners.withUnsafeBufferPointer { referenceOwners in
                for slot in 0..<HashSlot.count where owners[slot] != referenceOwners[slot] {
                    let pair = OwnerPair(owner: owners[slot], referenceOwner: referenceOwners[slot])
                    if slotsByPair[pair] == nil {
                        order.append(pair)
                    }
                    slotsByPair[pair, default: SlotSet()].insert(HashSlot(uncheckedValue: UInt16(slot)))
                }
            }
        }
        return order.map { pair in
            .slotOwner(
                viewer: view.address, slots: slotsByPair[pair] ?? SlotSet(),
                owner: directory.reference(toNumber: pair.owner), reference: reference.address,
                referenceOwner: directory.reference(toNumber: pair.referenceOwner))
        }
    }

    // MARK: Open slots

    private static func openSlotDifferences(
        _ view: NodeView, directory: NodeDirectory, ignoring ignored: Set<String>
    ) -> [Disagreement.Difference] {
        var differences: [Disagreement.Difference] = []
        for node in view.topology.nodes where node.isMigrating && !ignored.contains(node.id) {
            let holder = directory.reference(to: node, in: view)
            let open: [(Disagreement.Direction, [HashSlot: String])] = [
                (.migrating, node.migrating), (.importing, node.importing),
            ]
            for (direction, slots) in open {
                let peers = Dictionary(grouping: slots, by: \.value)
                    .map { peer, entries in (peer: peer, slots: SlotSet(entries.map(\.key))) }
                    .sorted { ($0.slots.min() ?? .lowest) < ($1.slots.min() ?? .lowest) }
                for peer in peers {
                    differences.append(
                        .openSlots(
                            viewer: view.address, node: holder, slots: peer.slots, direction: direction,
                            peer: directory.reference(to: peer.peer)))
                }
            }
        }
        return differences
    }
}

/// Node IDs as small numbers, so that slot maps compare as arrays of integers, and the address of
/// each node as the views know it.
struct NodeDirectory {
    /// No owner, in a slot map.
    static let noNode: Int32 = -1
    /// A master, in a role map.
    static let master: Int32 = -1
    /// Neither master nor replica, in a role map.
    static let noRole: Int32 = -2

    private var ids: [String] = []
    private var numbers: [String: Int32] = [:]
    private var addresses: [String: NodeAddress] = [:]

    init(views: [NodeView]) {
        for view in views {
            for node in view.topology.nodes where addresses[node.id] == nil {
                if let address = node.address ?? (node.isMyself ? view.address : nil) {
                    addresses[node.id] = address
                }
            }
        }
    }

    /// The number of `id`, given on first sight.
    mutating func intern(_ id: String) -> Int32 {
        if let number = numbers[id] { return number }
        let number = Int32(ids.count)
        ids.append(id)
        numbers[id] = number
        return number
    }

    /// The number of an interned ID, or ``noNode``.
    func number(of id: String) -> Int32 {
        numbers[id] ?? Self.noNode
    }

    func reference(to id: String) -> Disagreement.NodeReference {
        Disagreement.NodeReference(id: id, address: addresses[id])
    }

    /// `node` as `view` lists it; a node that does not know its own address is where it was reached.
    func reference(to node: ClusterNode, in view: NodeView) -> Disagreement.NodeReference {
        Disagreement.NodeReference(
            id: node.id, address: node.address ?? (node.isMyself ? view.address : addresses[node.id]))
    }

    func reference(toNumber number: Int32) -> Disagreement.NodeReference? {
        guard number >= 0, Int(number) < ids.count else { return nil }
        return reference(to: ids[Int(number)])
    }

    func role(_ code: Int32) -> Disagreement.Role {
        switch code {
        case Self.master: .master
        case Self.noRole: .none
        default: reference(toNumber: code).map { .replica(of: $0) } ?? .none
        }
    }
}

/// One view reduced to what is compared against the reference: who owns each slot and each
/// node's role, as numbers of a ``NodeDirectory``.
struct ViewSummary: Hashable {
    /// The number of the owner of each of the 16384 slots, or ``NodeDirectory/noNode``.
    var owners: [Int32]
    /// For each node out of handshake: ``NodeDirectory/master``, ``NodeDirectory/noRole``, or the
    /// number of the master it replicates.
    var roles: [Int32: Int32]

    init(view: NodeView, directory: inout NodeDirectory) {
        var owners = [Int32](repeating: NodeDirectory.noNode, count: HashSlot.count)
        var roles: [Int32: Int32] = [:]
        // Backwards, so that a slot two nodes claim goes to the first, as ``ClusterTopology/owner(of:)`` has it.
        for node in view.topology.nodes.reversed() where !node.isInHandshake {
            let number = directory.intern(node.id)
            for range in node.slots.ranges {
                owners.replaceSubrange(range, with: repeatElement(number, count: range.count))
            }
            switch node.role {
            case .master: roles[number] = NodeDirectory.master
            case .replica: roles[number] = node.masterID.map { directory.intern($0) } ?? NodeDirectory.noRole
            case nil: roles[number] = NodeDirectory.noRole
            }
        }
        self.owners = owners
        self.roles = roles
    }
}
