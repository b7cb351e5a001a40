extension FixPlanner {
    /// The decisions on slot owners and stray keys, slot by slot, gathered into repairs by node.
    struct Ownership {
        let facts: FixFacts
        let views: [SlotOwnership]
        /// The masters that answered.
        let answered: Set<String>
        /// The masters some view lists that did not answer, sorted: they may hold keys of any slot.
        let silentMasters: [String]
        private(set) var refusals: [String] = []

        /// Uncovered slots given to the master holding keys of them, and its keys there.
        private var assigned: [String: (slots: SlotSet, keys: Int)] = [:]
        /// Uncovered slots no master holds keys of, to spread.
        private var spreadUncovered: [HashSlot] = []
        /// Slots of owners that do not answer, taken by a master holding keys of them, by (keeper, silent owners).
        private var taken: [Pair: (slots: SlotSet, keys: Int)] = [:]
        /// Slots of owners that do not answer and no master holds keys of, to spread, by silent owners.
        private var spreadTaken: [String: [HashSlot]] = [:]
        /// Slots of owners that do not answer, refused without the option, by silent owners.
        private var silent: [String: SlotSet] = [:]
        /// Uncovered slots refused without the option because some master does not answer.
        private var uncoveredWhileSilent = SlotSet()
        /// Keys on a master that is not the keeper, by (source, keeper).
        private var moves: [Pair: (slots: SlotSet, keys: Int)] = [:]
        /// Disputed slots and the keys each named owner holds of them, by (keeper, named owners).
        private var disputes: [Pair: (slots: SlotSet, keys: [String: Int])] = [:]
        /// Moves into a keeper that does not own the slot by its own view from a source that does not either.
        private var unmovable: [Pair: SlotSet] = [:]

        /// Two node IDs (or lists of them, joined by `,`).
        struct Pair: Hashable, Comparable {
            var first: String
            var second: String

            static func < (lhs: Pair, rhs: Pair) -> Bool {
                (lhs.first, lhs.second) < (rhs.first, rhs.second)
            }
        }

        init(facts: FixFacts) {
            self.facts = facts
            views = FixPlanner.ownership(facts.topologies.keys.sorted().compactMap { facts.topologies[$0] })
            answered = Set(facts.open.views.keys)
            let listed = facts.topologies.values.flatMap { $0.masters.filter { !$0.isInHandshake }.map(\.id) }
            silentMasters = Set(listed).subtracting(answered).sorted()
        }

        /// Decides `slot` (not open).
        mutating func decide(_ slot: HashSlot) {
            let named = views[Int(slot.rawValue)]
            // The masters that hold keys of it, most keys first.
            let holders = answered.filter { facts.keys($0, slot) > 0 }.sorted {
                (facts.keys($0, slot), $1) > (facts.keys($1, slot), $0)
            }
            if named.owners.isEmpty {
                // A master that does not answer may hold keys of it: it would drop them for the new owner should it come back.
                if !silentMasters.isEmpty, !facts.takeUnreachable {
                    uncoveredWhileSilent.insert(slot)
                    return
                }
                if let keeper = holders.first {
                    assigned[keeper, default: (SlotSet(), 0)].slots.insert(slot)
                    assigned[keeper, default: (SlotSet(), 0)].keys += facts.keys(keeper, slot)
                    addMoves(slot, from: holders.dropFirst(), to: keeper)
                } else {
                    spreadUncovered.append(slot)
                }
                return
            }
            let live = named.owners.filter(answered.contains)
            let lost = named.owners.filter { !answered.contains($0) }
            if !lost.isEmpty, live.isEmpty || named.isDisputed {
                let key = lost.joined(separator: ",")
                guard facts.takeUnreachable else {
                    silent[key, default: SlotSet()].insert(slot)
                    return
                }
                if live.isEmpty {
                    if let keeper = holders.first {
                        taken[Pair(first: keeper, second: key), default: (SlotSet(), 0)].slots.insert(slot)
                        taken[Pair(first: keeper, second: key), default: (SlotSet(), 0)].keys += facts.keys(keeper, slot)
                        addMoves(slot, from: holders.dropFirst(), to: keeper)
                    } else {
                        spreadTaken[key, default: []].append(slot)
                    }
                    return
                }
            }
            // The keeper: most keys, then claiming the slot in its own view, then named by most views, then by ID.
            let ranked = live.sorted { a, b in
                let left = (facts.keys(a, slot), claims(a, slot) ? 1 : 0, named.namings[a] ?? 0)
                let right = (facts.keys(b, slot), claims(b, slot) ? 1 : 0, named.namings[b] ?? 0)
                return left != right ? left > right : a < b
            }
            guard let keeper = ranked.first else { return }
            addMoves(slot, from: holders.filter { $0 != keeper }, to: keeper)
            if named.isDisputed {
                let key = Pair(first: keeper, second: named.owners.joined(separator: ","))
                disputes[key, default: (SlotSet(), [:])].slots.insert(slot)
                for owner in live {
                    disputes[key, default: (SlotSet(), [:])].keys[owner, default: 0] += facts.keys(owner, slot)
                }
            }
        }

        private func claims(_ node: String, _ slot: HashSlot) -> Bool {
            facts.open.views[node]?.slots.contains(slot) == true
        }

        private mutating func addMoves(_ slot: HashSlot, from sources: some Sequence<String>, to keeper: String) {
            for source in sources {
                let pair = Pair(first: source, second: keeper)
                // The engine needs one of the two to own the slot by its own view (the keeper does
                // once an uncovered slot is added to it, or a silent owner's slot is given to it).
                if views[Int(slot.rawValue)].owners.contains(keeper), !claims(keeper, slot), !claims(source, slot) {
                    unmovable[pair, default: SlotSet()].insert(slot)
                    continue
                }
                moves[pair, default: (SlotSet(), 0)].slots.insert(slot)
                moves[pair, default: (SlotSet(), 0)].keys += facts.keys(source, slot)
            }
        }

        /// The repairs, in the order they are made: uncovered slots, slots of silent owners, keys
        /// moved, owners settled.
        mutating func repairs() -> [FixRepair] {
            let name = facts.name
            for (pair, slots) in unmovable.sorted(by: { $0.key < $1.key }) {
                refusals.append(
                    "slot(s) \(slots) are named as \(name(pair.second))'s, which does not claim them itself, and keys of them are on "
                        + "\(name(pair.first)), which does not own them either: fix cannot open a move between them")
            }
            for (key, slots) in silent.sorted(by: { $0.key < $1.key }) {
                let owners = key.split(separator: ",").map { name(String($0)) }.joined(separator: " and ")
                refusals.append(
                    "slot(s) \(slots) are owned by \(owners), which does not answer: the keys it holds of them cannot be counted, "
                        + "and a master that takes them makes it drop them should it come back; --take-unreachable-slots gives them "
                        + "to the master holding keys of them, or to the masters with the fewest slots")
            }
            if !uncoveredWhileSilent.isEmpty {
                refusals.append(
                    "slot(s) \(uncoveredWhileSilent) have no owner, and \(silentMasters.map(name).joined(separator: " and ")) "
                        + "\(silentMasters.count == 1 ? "does" : "do") not answer: the keys \(silentMasters.count == 1 ? "it holds" : "they hold") "
                        + "of them cannot be counted, and a master that takes them makes \(silentMasters.count == 1 ? "it" : "them") drop them "
                        + "should \(silentMasters.count == 1 ? "it" : "they") come back; --take-unreachable-slots assigns them all the same")
            }
            let counted = silentMasters.isEmpty ? "no master holds keys of them" : "no master that answers holds keys of them"
            let toSpread = SlotSet(spreadUncovered).union(SlotSet(spreadTaken.values.flatMap { $0 }))
            if answered.isEmpty, !toSpread.isEmpty {
                refusals.append("slot(s) \(toSpread) have no owner that answers, and no master answered to take them")
            }
            var repairs: [FixRepair] = []
            for (keeper, value) in assigned.sorted(by: { $0.key < $1.key }) {
                repairs.append(
                    FixRepair(
                        .assignUncoveredSlots,
                        "slot(s) \(value.slots) have no owner: \(name(keeper)) holds \(value.keys) key(s) of them and takes them (ADDSLOTS, then BUMPEPOCH)",
                        nodes: [facts.reference(keeper)], slots: value.slots, keys: value.keys, action: .assign(slots: value.slots, keeper: keeper)))
            }
            var counts = Dictionary(uniqueKeysWithValues: answered.map { ($0, facts.open.views[$0]?.slots.count ?? 0) })
            for (keeper, value) in assigned {
                counts[keeper, default: 0] += value.slots.count
            }
            for (pair, value) in taken {
                counts[pair.first, default: 0] += value.slots.count
            }
            for (keeper, slots) in Self.spread(spreadUncovered, over: &counts) {
                repairs.append(
                    FixRepair(
                        .assignUncoveredSlots,
                        "slot(s) \(slots) have no owner and \(counted): \(name(keeper)), among the masters with the fewest slots, "
                            + "takes them (ADDSLOTS, then BUMPEPOCH)",
                        nodes: [facts.reference(keeper)], slots: slots, action: .assign(slots: slots, keeper: keeper)))
            }
            for (key, slots) in spreadTaken.sorted(by: { $0.key < $1.key }) {
                for (keeper, given) in Self.spread(slots, over: &counts) {
                    taken[Pair(first: keeper, second: key), default: (SlotSet(), 0)].slots.formUnion(given)
                }
            }
            for (pair, value) in taken.sorted(by: { $0.key < $1.key }) {
                let owners = pair.second.split(separator: ",").map(String.init)
                let held = value.keys > 0 ? "it holds \(value.keys) key(s) of them" : "no master that answers holds keys of them"
                repairs.append(
                    FixRepair(
                        .takeUnreachableSlots,
                        "slot(s) \(value.slots) are owned only by \(owners.map(name).joined(separator: " and ")), which does not answer: "
                            + "\(name(pair.first)) takes them (\(held)); the keys the silent owner holds of them cannot be counted "
                            + "and are lost, as it drops them for the newer owner should it come back",
                        nodes: [facts.reference(pair.first)] + owners.map(facts.reference), slots: value.slots, keys: value.keys,
                        action: .take(slots: value.slots, keeper: pair.first)))
            }
            for (pair, value) in moves.sorted(by: { $0.key < $1.key }) {
                let owns = facts.open.views[pair.first]?.slots.intersection(value.slots) ?? SlotSet()
                repairs.append(
                    FixRepair(
                        .moveStrayKeys,
                        "\(name(pair.first)) holds \(value.keys) key(s) of slot(s) \(value.slots), whose keeper is \(name(pair.second)): "
                            + "they move into \(name(pair.second)) (a key with the same value there is fine; a different value stops the move, "
                            + "naming the key, with both copies kept)",
                        nodes: [facts.reference(pair.first), facts.reference(pair.second)], slots: value.slots, keys: value.keys,
                        action: .moveKeys(slots: value.slots, source: pair.first, keeper: pair.second, sourceOwns: owns)))
            }
            for (pair, value) in disputes.sorted(by: { $0.key < $1.key }) {
                let owners = pair.second.split(separator: ",").map(String.init)
                let counted = owners.map { owner in
                    answered.contains(owner) ? "\(name(owner)): \(value.keys[owner] ?? 0) key(s)" : "\(name(owner)): does not answer"
                }
                repairs.append(
                    FixRepair(
                        .settleOwner,
                        "slot(s) \(value.slots) are given to \(owners.count == 1 ? "one owner by some views and none by others" : "several owners") "
                            + "(\(counted.joined(separator: ", "))): \(name(pair.first)) keeps them, holding the most keys; every master is told and "
                            + "\(name(pair.first)) bumps its epoch",
                        nodes: [facts.reference(pair.first)] + owners.map(facts.reference), slots: value.slots,
                        keys: value.keys[pair.first] ?? 0, action: .settle(slots: value.slots, keeper: pair.first)))
            }
            return repairs
        }

        /// `slots` given out to the masters with the fewest slots in `counts`, evenly, in runs of
        /// consecutive slots, by keeper; `counts` counts them in.
        static func spread(_ slots: [HashSlot], over counts: inout [String: Int]) -> [(String, SlotSet)] {
            guard !counts.isEmpty else { return [] }
            var quota: [String: Int] = [:]
            for _ in slots {
                guard let fewest = counts.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { break }
                counts[fewest, default: 0] += 1
                quota[fewest, default: 0] += 1
            }
            var result: [(String, SlotSet)] = []
            var rest = slots[...]
            for (keeper, count) in quota.sorted(by: { $0.key < $1.key }) {
                result.append((keeper, SlotSet(rest.prefix(count))))
                rest = rest.dropFirst(count)
            }
            return result
        }
    }
}
