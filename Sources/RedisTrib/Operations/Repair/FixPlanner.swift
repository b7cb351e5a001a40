/// Works out every repair `fix` makes, or why it must not start, from facts alone (``FixFacts``).
/// No I/O; ``ClusterOperator/fix(_:takeUnreachableSlots:)`` reads the nodes and acts.
///
/// - Open slots are decided one by one (``OpenSlotRepair``).
/// - A slot no view gives a master goes to the master that holds the most keys of it, or, when
///   none holds any, to the masters with the fewest slots, spread evenly.
/// - A slot whose only owners do not answer is taken the same way only with `--take-unreachable-slots`:
///   the keys on the silent owner cannot be counted, and are lost should it come back.
/// - A slot the views give to several masters is kept by the one that holds the most keys of it.
/// - Keys of a slot on any master but its keeper are moved into the keeper: none is dropped.
/// - A replica's marker its master does not have is cleared on the replica.
enum FixPlanner {
    /// The repairs, in the order they are made, and the reasons `fix` must not start.
    struct Outcome: Sendable {
        var repairs: [FixRepair] = []
        var refusals: [String] = []
    }

    /// Who the views name as the owner of one slot.
    struct SlotOwnership: Sendable, Hashable {
        /// The masters some view names, by ID, sorted.
        var owners: [String] = []
        /// How many views name each owner.
        var namings: [String: Int] = [:]
        /// Whether some view names no owner.
        var someViewNamesNone = false

        /// Whether the views name more than one owner, or one and none.
        var isDisputed: Bool {
            owners.count > 1 || (owners.count == 1 && someViewNamesNone)
        }
    }

    /// For every slot, the owners the views in `topologies` name.
    static func ownership(_ topologies: [ClusterTopology]) -> [SlotOwnership] {
        var result = Array(repeating: SlotOwnership(), count: HashSlot.count)
        for topology in topologies {
            var named = Array(repeating: false, count: HashSlot.count)
            for node in topology.masters where !node.isInHandshake {
                for slot in node.slots {
                    let index = Int(slot.rawValue)
                    named[index] = true
                    if result[index].namings[node.id] == nil {
                        result[index].owners.append(node.id)
                    }
                    result[index].namings[node.id, default: 0] += 1
                }
            }
            for index in 0..<HashSlot.count where !named[index] {
                result[index].someViewNamesNone = true
            }
        }
        for index in 0..<HashSlot.count where result[index].owners.count > 1 {
            result[index].owners.sort()
        }
        return result
    }

    /// The slots whose keys are counted on each master that answered: those it does not own by its
    /// own view, and those the views dispute.
    static func slotsToCount(_ facts: FixFacts) -> [String: [HashSlot]] {
        let ownership = ownership(facts.topologies.values.map { $0 })
        var result: [String: [HashSlot]] = [:]
        for (id, view) in facts.open.views {
            result[id] = (0..<HashSlot.count).compactMap { index in
                let slot = HashSlot(uncheckedValue: UInt16(index))
                return !view.slots.contains(slot) || ownership[index].isDisputed ? slot : nil
            }
        }
        return result
    }

    /// Every repair of the cluster `facts` describe, or why `fix` must leave it alone.
    ///
    /// - Parameter id: when given, only the open slots with a marker that names node `id` or is
    ///   held by it, and nothing else.
    static func plan(_ facts: FixFacts, onlyOpenSlotsOf id: String? = nil) -> Outcome {
        var outcome = Outcome()
        let open = facts.open.openSlots
        if let id {
            let involved = open.filter { slot in
                facts.open.views.values.contains { node in
                    (node.id == id && node.openSlots.contains(slot)) || node.migrating[slot] == id || node.importing[slot] == id
                }
            }
            for slot in involved {
                switch OpenSlotRepair.decide(slot, facts: facts.open) {
                case .success(let repair): outcome.repairs.append(openSlotRepair(repair, facts: facts))
                case .failure(let refusal): outcome.refusals.append(refusal.reason)
                }
            }
            return outcome
        }
        for slot in open {
            switch OpenSlotRepair.decide(slot, facts: facts.open) {
            case .success(let repair): outcome.repairs.append(openSlotRepair(repair, facts: facts))
            case .failure(let refusal): outcome.refusals.append(refusal.reason)
            }
        }
        var ownership = Ownership(facts: facts)
        for index in 0..<HashSlot.count {
            let slot = HashSlot(uncheckedValue: UInt16(index))
            guard !open.contains(slot) else { continue }
            ownership.decide(slot)
        }
        outcome.repairs += ownership.repairs()
        outcome.refusals += ownership.refusals
        outcome.repairs += replicaMarkers(facts)
        return outcome
    }

    // MARK: Open slots

    private static func openSlotRepair(_ repair: OpenSlotRepair, facts: FixFacts) -> FixRepair {
        let name = facts.name
        switch repair {
        case .finish(let slot, let source, let target):
            return FixRepair(
                .finishMove,
                "slot \(slot) is half moved from \(name(source)) to \(name(target)): its keys left on \(name(source)) move and \(name(target)) takes it",
                nodes: [facts.reference(source), facts.reference(target)], slots: [slot], action: .openSlot(repair))
        case .closeOnSource(let slot, let source, let target):
            return FixRepair(
                .closeOpenSlot,
                "slot \(slot) is migrating from \(name(source)) to \(name(target)), which failed and does not answer: the slot is closed on \(name(source)), whose keys stay",
                nodes: [facts.reference(source), facts.reference(target)], slots: [slot], action: .openSlot(repair))
        case .clearStaleImport(let slot, let node, let named, let owner):
            return FixRepair(
                .clearStaleImport,
                "slot \(slot) is importing into \(name(node)) from \(name(named)), which does not own it (owner: \(owner.map(name) ?? "none")): "
                    + "the marker is cleared, provided \(name(node)) holds no key of it",
                nodes: [facts.reference(node), facts.reference(named)] + (owner.map { [facts.reference($0)] } ?? []), slots: [slot],
                action: .openSlot(repair))
        }
    }

    // MARK: Replicas

    /// A replica's markers that its master (which answered) does not have, one repair per replica.
    private static func replicaMarkers(_ facts: FixFacts) -> [FixRepair] {
        facts.replicas.sorted { $0.id < $1.id }.compactMap { replica in
            guard let masterID = replica.masterID, let master = facts.open.views[masterID] else { return nil }
            let migrating = replica.migrating.filter { master.migrating[$0.key] != $0.value }
            let importing = replica.importing.filter { master.importing[$0.key] != $0.value }
            let slots = SlotSet(migrating.keys).union(SlotSet(importing.keys))
            guard !slots.isEmpty else { return nil }
            let name = facts.name
            let markers =
                migrating.sorted { $0.key < $1.key }.map { "slot \($0.key) MIGRATING to \(name($0.value))" }
                + importing.sorted { $0.key < $1.key }.map { "slot \($0.key) IMPORTING from \(name($0.value))" }
            return FixRepair(
                .clearReplicaMarker,
                "replica \(name(replica.id)) has \(markers.joined(separator: ", ")), which its master \(name(masterID)) does not have: "
                    + "fix asks the replica to clear it (CLUSTER SETSLOT STABLE), which Redis 7.0 and Valkey 9 refuse on a replica; "
                    + "fix then says how to clear it by hand",
                nodes: [facts.reference(replica.id), facts.reference(masterID)], slots: slots,
                action: .clearReplicaMarker(slots: slots, replica: replica.id))
        }
    }
}
