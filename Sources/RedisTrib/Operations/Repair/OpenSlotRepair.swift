import RESP

/// What `fix` does with one open slot, decided from facts alone: every node's own view of itself
/// and the flags the cluster shows. No I/O; ``ClusterOperator/fix(_:)`` checks keys and acts.
///
/// A marker (`MIGRATING`, `IMPORTING`) is never taken on trust: the node it names as the source
/// must own the slot by its own account, no third node may claim it, and a slot is only closed on
/// its owner when its target is out of reach *and* the cluster agreed it failed.
enum OpenSlotRepair: Sendable, Hashable {
    /// Move the slot's remaining keys from its owner to the target and hand the slot over.
    case finish(slot: HashSlot, sourceID: String, targetID: String)
    /// The target is out of reach and agreed failed: close the slot on its owner, whose keys stay.
    case closeOnSource(slot: HashSlot, sourceID: String, targetID: String)
    /// `IMPORTING` on `nodeID` names a source that does not own the slot: the marker is cleared,
    /// provided `nodeID` holds no key of the slot (checked before any change).
    case clearStaleImport(slot: HashSlot, nodeID: String, namedSourceID: String, ownerID: String?)

    /// The slot concerned.
    var slot: HashSlot {
        switch self {
        case .finish(let slot, _, _), .closeOnSource(let slot, _, _), .clearStaleImport(let slot, _, _, _):
            return slot
        }
    }

    /// The facts a decision is made from.
    struct Facts: Sendable {
        /// The nodes that answered, each as it sees itself (its `myself` line), by id.
        var views: [String: ClusterNode]
        /// The cluster as the node asked first sees it: flags and addresses of every member.
        var cluster: ClusterTopology

        /// `HOST:PORT` of a node, or its id.
        func name(_ id: String) -> String {
            (views[id]?.address ?? cluster.node(id: id)?.address)?.description ?? id
        }

        /// The open slots: those with a marker on any node that answered.
        var openSlots: SlotSet {
            views.values.reduce(SlotSet()) { $0.union($1.openSlots) }
        }
    }

    /// Why `fix` must leave a slot alone: a sentence naming the nodes.
    struct Refusal: Error, Sendable, Hashable {
        var reason: String
    }

    /// The repair of `slot`, or why `fix` must leave it alone.
    static func decide(_ slot: HashSlot, facts: Facts) -> Result<OpenSlotRepair, Refusal> {
        let views = facts.views.values.sorted { $0.id < $1.id }
        let migrating = views.compactMap { view in view.migrating[slot].map { (node: view.id, target: $0) } }
        let importing = views.compactMap { view in view.importing[slot].map { (node: view.id, source: $0) } }
        let claimants = views.filter { $0.slots.contains(slot) }.map(\.id)
        let markers =
            (migrating.map { "\(facts.name($0.node)) migrating it to \(facts.name($0.target))" }
            + importing.map { "\(facts.name($0.node)) importing it from \(facts.name($0.source))" })
            .joined(separator: ", ")
        let owners = claimants.isEmpty ? "no node that answered" : claimants.map(facts.name).joined(separator: " and ")

        guard migrating.count <= 1, importing.count <= 1 else {
            return .failure(
                Refusal(
                    reason:
                        "slot \(slot) has conflicting markers (\(markers)); owned by \(owners): two operations moved it at once, and fix cannot tell which move to finish"
                ))
        }
        if let (source, target) = migrating.first.map({ ($0.node, $0.target) }) {
            if let other = importing.first, other.node != target || other.source != source {
                return .failure(Refusal(reason: "slot \(slot) has conflicting markers (\(markers)); owned by \(owners): fix cannot tell which move to finish"))
            }
            let strangers = claimants.filter { $0 != source && $0 != target }
            guard strangers.isEmpty else {
                return .failure(
                    Refusal(
                        reason:
                            "slot \(slot) is migrating from \(facts.name(source)) to \(facts.name(target)) but is also claimed by \(strangers.map(facts.name).joined(separator: " and "))"
                    ))
            }
            guard claimants.contains(source) || claimants.contains(target) else {
                return .failure(
                    Refusal(reason: "slot \(slot) is migrating from \(facts.name(source)) to \(facts.name(target)), but neither owns it (owned by \(owners))"))
            }
            if facts.views[target] != nil {
                return .success(.finish(slot: slot, sourceID: source, targetID: target))
            }
            // The target did not answer: keys already moved are on it.
            let flagged = facts.cluster.node(id: target)
            guard flagged?.isAgreedFailed == true, claimants.contains(source) else {
                let state = flagged?.flags.contains(.possiblyFailed) == true ? "is only suspected to have failed (fail?)" : "does not answer"
                return .failure(
                    Refusal(
                        reason:
                            "slot \(slot) is migrating from \(facts.name(source)) to \(facts.name(target)), which \(state); keys already moved are on it, so the slot stays open: run fix again once it answers"
                    ))
            }
            return .success(.closeOnSource(slot: slot, sourceID: source, targetID: target))
        }
        guard let (node, named) = importing.first.map({ ($0.node, $0.source) }) else {
            return .failure(Refusal(reason: "slot \(slot) is not open"))
        }
        if claimants == [named] {
            return .success(.finish(slot: slot, sourceID: named, targetID: node))
        }
        if facts.views[named] == nil, claimants.isEmpty {
            return .failure(
                Refusal(
                    reason:
                        "slot \(slot) is importing into \(facts.name(node)) from \(facts.name(named)), which does not answer; its keys cannot be recovered from there"
                ))
        }
        guard claimants.count <= 1, !claimants.contains(node) else {
            return .failure(Refusal(reason: "slot \(slot) is importing into \(facts.name(node)) from \(facts.name(named)), but is owned by \(owners)"))
        }
        return .success(.clearStaleImport(slot: slot, nodeID: node, namedSourceID: named, ownerID: claimants.first))
    }
}
