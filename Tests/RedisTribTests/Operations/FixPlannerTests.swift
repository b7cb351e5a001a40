import RESP
import Testing

@testable import RedisTrib

@Suite("fix plans every repair from facts: owners, keys, markers")
struct FixPlannerTests {
    static let (a, b, c) = (String(repeating: "a", count: 40), String(repeating: "b", count: 40), String(repeating: "c", count: 40))
    static let r = String(repeating: "e", count: 40)
    static let ports = [a: 7000, b: 7001, c: 7002, r: 7003]

    /// The slots each master owns in an even cluster of three.
    static let even = [a: SlotSet(0...5460), b: SlotSet(5461...10922), c: SlotSet(10923...16383)]

    static func slot(_ value: Int) -> HashSlot {
        HashSlot(uncheckedValue: UInt16(value))
    }

    static func address(_ id: String) -> NodeAddress {
        NodeAddress(host: "127.0.0.1", port: ports[id] ?? 0)
    }

    /// The facts of a cluster whose nodes see `owners`, but for the views in `views` (by viewer);
    /// `silent` nodes did not answer; a replica `r` of `a` answers when `replica` is given (its markers).
    static func facts(
        _ owners: [String: SlotSet], views: [String: [String: SlotSet]] = [:], silent: Set<String> = [],
        keys: [String: [HashSlot: Int]] = [:], replica: (migrating: [HashSlot: String], importing: [HashSlot: String])? = nil,
        markers: [String: (migrating: [HashSlot: String], importing: [HashSlot: String])] = [:], takeUnreachable: Bool = false
    ) -> FixFacts {
        func topology(seenBy viewer: String) -> ClusterTopology {
            let seen = views[viewer] ?? owners
            var nodes = [a, b, c].map { id in
                var flags: Set<ClusterNode.Flag> = [.master]
                if id == viewer { flags.insert(.myself) }
                if silent.contains(id) { flags.insert(.failed) }
                return ClusterNode(
                    id: id, address: address(id), flags: flags, slots: seen[id] ?? SlotSet(),
                    migrating: id == viewer ? markers[id]?.migrating ?? [:] : [:], importing: id == viewer ? markers[id]?.importing ?? [:] : [:])
            }
            if replica != nil {
                nodes.append(
                    ClusterNode(
                        id: r, address: address(r), flags: viewer == r ? [.replica, .myself] : [.replica], masterID: a,
                        migrating: viewer == r ? replica?.migrating ?? [:] : [:], importing: viewer == r ? replica?.importing ?? [:] : [:]))
            }
            return ClusterTopology(nodes: nodes)
        }
        var masters: [String: ClusterNode] = [:]
        var topologies: [String: ClusterTopology] = [:]
        for id in [a, b, c] where !silent.contains(id) {
            let seen = topology(seenBy: id)
            topologies[id] = seen
            masters[id] = seen.myself
        }
        var replicas: [ClusterNode] = []
        if replica != nil {
            let seen = topology(seenBy: r)
            topologies[r] = seen
            replicas = seen.myself.map { [$0] } ?? []
        }
        let cluster = topology(seenBy: silent.contains(a) ? b : a)
        return FixFacts(
            open: OpenSlotRepair.Facts(views: masters, cluster: cluster), topologies: topologies, replicas: replicas, keys: keys,
            takeUnreachable: takeUnreachable)
    }

    @Test("a healthy cluster has nothing to repair, and only disputed and unowned slots are counted")
    func healthy() {
        let facts = Self.facts(Self.even)
        let outcome = FixPlanner.plan(facts)
        #expect(outcome.repairs.isEmpty)
        #expect(outcome.refusals.isEmpty)
        let counted = FixPlanner.slotsToCount(facts)
        #expect(counted[Self.a].map(SlotSet.init) == SlotSet(5461...16383))
        #expect(counted[Self.c].map(SlotSet.init) == SlotSet(0...10922))
    }

    @Test("an uncovered slot goes to the master holding the most keys of it; the other holder's keys move there")
    func uncoveredWithKeys() {
        var owners = Self.even
        owners[Self.a]?.subtract(SlotSet(100...101))
        let keys = [Self.b: [Self.slot(100): 3, Self.slot(101): 1], Self.c: [Self.slot(100): 5]]
        let outcome = FixPlanner.plan(Self.facts(owners, keys: keys))
        #expect(outcome.refusals.isEmpty)
        #expect(outcome.repairs.map(\.kind) == [.assignUncoveredSlots, .assignUncoveredSlots, .moveStrayKeys])
        #expect(
            outcome.repairs.map(\.action) == [
                .assign(slots: SlotSet(101...101), keeper: Self.b), .assign(slots: SlotSet(100...100), keeper: Self.c),
                .moveKeys(slots: SlotSet(100...100), source: Self.b, keeper: Self.c, sourceOwns: SlotSet()),
            ])
        #expect(outcome.repairs.map(\.keys) == [1, 5, 3])
        #expect(
            outcome.repairs[0].message
                == "slot(s) 101 have no owner: 127.0.0.1:7001 (bbbbbbbb…) holds 1 key(s) of them and takes them (ADDSLOTS, then BUMPEPOCH)")
    }

    @Test("uncovered slots no master holds keys of are spread over the masters with the fewest slots, in runs")
    func uncoveredSpread() {
        let owners = [Self.a: SlotSet(0...4999), Self.b: SlotSet(5000...9999), Self.c: SlotSet(10000...15999)]
        let outcome = FixPlanner.plan(Self.facts(owners))
        #expect(
            outcome.repairs.map(\.action) == [
                .assign(slots: SlotSet(16000...16191), keeper: Self.a), .assign(slots: SlotSet(16192...16383), keeper: Self.b),
            ])
        var counts = [Self.a: 5000, Self.b: 5000, Self.c: 6000]
        let spread = FixPlanner.Ownership.spread([Self.slot(1), Self.slot(2), Self.slot(3)], over: &counts)
        #expect(spread.map(\.0) == [Self.a, Self.b])
        #expect(spread.map(\.1) == [SlotSet(1...2), SlotSet(3...3)])
        #expect(counts == [Self.a: 5002, Self.b: 5001, Self.c: 6000])
    }

    @Test("slots whose only owner does not answer are refused, naming the option and the loss; taken with the option")
    func silentOwner() {
        let refused = FixPlanner.plan(Self.facts(Self.even, silent: [Self.c]))
        #expect(refused.refusals.count == 1)
        #expect(refused.refusals.first?.contains("slot(s) 10923-16383 are owned by 127.0.0.1:7002 (cccccccc…), which does not answer") == true)
        #expect(refused.refusals.first?.contains("cannot be counted") == true)
        #expect(refused.refusals.first?.contains("--take-unreachable-slots") == true)

        let keys = [Self.a: [Self.slot(16000): 2]]
        let taken = FixPlanner.plan(Self.facts(Self.even, silent: [Self.c], keys: keys, takeUnreachable: true))
        #expect(taken.refusals.isEmpty)
        #expect(taken.repairs.allSatisfy { $0.kind == .takeUnreachableSlots })
        #expect(taken.repairs.reduce(SlotSet()) { $0.union($1.slots) } == SlotSet(10923...16383))
        let toA = taken.repairs.first { $0.nodes.first?.id == Self.a }
        #expect(toA?.slots.contains(Self.slot(16000)) == true)
        #expect(toA?.keys == 2)
        #expect(toA?.nodes.map(\.id) == [Self.a, Self.c])
        #expect(toA?.message.contains("cannot be counted and are lost") == true)
    }

    @Test("a slot one view gives to another master is kept by its owner with the keys; the plan names the counts")
    func disagreement() {
        var cView = Self.even
        cView[Self.a]?.remove(Self.slot(100))
        cView[Self.b]?.insert(Self.slot(100))
        let outcome = FixPlanner.plan(Self.facts(Self.even, views: [Self.c: cView], keys: [Self.a: [Self.slot(100): 5]]))
        #expect(outcome.refusals.isEmpty)
        #expect(outcome.repairs.map(\.action) == [.settle(slots: SlotSet(100...100), keeper: Self.a)])
        #expect(outcome.repairs.first?.kind == .settleOwner)
        #expect(outcome.repairs.first?.keys == 5)
        #expect(
            outcome.repairs.first?.message
                == "slot(s) 100 are given to several owners (127.0.0.1:7000 (aaaaaaaa…): 5 key(s), 127.0.0.1:7001 (bbbbbbbb…): 0 key(s)): 127.0.0.1:7000 (aaaaaaaa…) keeps them, "
                + "holding the most keys; every master is told and 127.0.0.1:7000 (aaaaaaaa…) bumps its epoch")
    }

    @Test("two masters claiming a slot, each with keys: the one with more keeps it, the other's keys move to it first")
    func twoClaimants() {
        var owners = Self.even
        owners[Self.b]?.insert(Self.slot(100))
        var views: [String: [String: SlotSet]] = [:]
        var aView = Self.even
        aView[Self.b] = Self.even[Self.b]
        views[Self.a] = aView
        let keys = [Self.a: [Self.slot(100): 3], Self.b: [Self.slot(100): 7]]
        let outcome = FixPlanner.plan(Self.facts(owners, views: views, keys: keys))
        #expect(outcome.refusals.isEmpty)
        #expect(
            outcome.repairs.map(\.action) == [
                .moveKeys(slots: SlotSet(100...100), source: Self.a, keeper: Self.b, sourceOwns: SlotSet(100...100)),
                .settle(slots: SlotSet(100...100), keeper: Self.b),
            ])
        #expect(outcome.repairs.last?.message.contains("127.0.0.1:7000 (aaaaaaaa…): 3 key(s), 127.0.0.1:7001 (bbbbbbbb…): 7 key(s)") == true)
    }

    @Test("keys of a slot on a master that does not own it move into the owner, whatever the master owns")
    func strayKeys() {
        let outcome = FixPlanner.plan(Self.facts(Self.even, keys: [Self.c: [Self.slot(100): 2, Self.slot(6000): 1]]))
        #expect(
            outcome.repairs.map(\.action) == [
                .moveKeys(slots: SlotSet(100...100), source: Self.c, keeper: Self.a, sourceOwns: SlotSet()),
                .moveKeys(slots: SlotSet(6000...6000), source: Self.c, keeper: Self.b, sourceOwns: SlotSet()),
            ])
        #expect(outcome.repairs.map(\.keys) == [2, 1])
    }

    @Test("an open slot is decided as before and left out of the owner decisions")
    func openSlot() {
        let markers: [String: (migrating: [HashSlot: String], importing: [HashSlot: String])] = [
            Self.a: ([Self.slot(100): Self.b], [:]), Self.b: ([:], [Self.slot(100): Self.a]),
        ]
        let outcome = FixPlanner.plan(Self.facts(Self.even, keys: [Self.b: [Self.slot(100): 4]], markers: markers))
        #expect(outcome.repairs.map(\.kind) == [.finishMove])
        #expect(outcome.repairs.first?.action == .openSlot(.finish(slot: Self.slot(100), sourceID: Self.a, targetID: Self.b)))
    }

    @Test("a replica's marker its master does not have is cleared on the replica; one its master shares is left")
    func replicaMarker() {
        let stale = FixPlanner.plan(Self.facts(Self.even, replica: ([Self.slot(100): Self.b], [:])))
        #expect(stale.repairs.map(\.action) == [.clearReplicaMarker(slots: SlotSet(100...100), replica: Self.r)])
        #expect(
            stale.repairs.first?.message
                == "replica 127.0.0.1:7003 (eeeeeeee…) has slot 100 MIGRATING to 127.0.0.1:7001 (bbbbbbbb…), which its master 127.0.0.1:7000 (aaaaaaaa…) does not have: "
                + "fix asks the replica to clear it (CLUSTER SETSLOT STABLE), which Redis 7.0 and Valkey 9 refuse on a replica; "
                + "fix then says how to clear it by hand")
        let shared = FixPlanner.plan(
            Self.facts(Self.even, replica: ([Self.slot(100): Self.b], [:]), markers: [Self.a: ([Self.slot(100): Self.b], [:])]))
        #expect(!shared.repairs.contains { $0.kind == .clearReplicaMarker })
    }

    @Test("every repair kind's code is kebab-case and unique")
    func kinds() {
        let codes = FixRepair.Kind.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
    }
}

extension FixPlannerTests {
    @Test("uncovered slots while a master does not answer: refused, naming it, unless --take-unreachable-slots")
    func uncoveredWhileSilent() {
        var owners = Self.even
        owners[Self.a] = SlotSet(0...5459)
        let refused = FixPlanner.plan(Self.facts(owners, silent: [Self.c]))
        #expect(refused.repairs.filter { $0.kind == .assignUncoveredSlots }.isEmpty)
        #expect(
            refused.refusals.contains { $0.hasPrefix("slot(s) 5460 have no owner, and 127.0.0.1:7002") && $0.contains("--take-unreachable-slots") },
            "\(refused.refusals)")
        let taken = FixPlanner.plan(Self.facts(owners, silent: [Self.c], takeUnreachable: true))
        let assigned = taken.repairs.filter { $0.kind == .assignUncoveredSlots }
        #expect(assigned.first { $0.slots.contains(Self.slot(5460)) } != nil, "\(assigned)")
        #expect(assigned.allSatisfy { $0.message.contains("no master that answers holds keys of them") }, "\(assigned)")
    }

    @Test("a rerun of join or quit plans only the open slots of its node: another open slot and an uncovered one are left alone")
    func onlyOpenSlotsOfOneNode() {
        var owners = Self.even
        owners[Self.c] = SlotSet(10924...16383)
        let markers: [String: (migrating: [HashSlot: String], importing: [HashSlot: String])] = [
            Self.a: (migrating: [Self.slot(100): Self.b, Self.slot(200): Self.c], importing: [:]),
            Self.b: (migrating: [:], importing: [Self.slot(100): Self.a]),
            Self.c: (migrating: [:], importing: [Self.slot(200): Self.a]),
        ]
        let facts = Self.facts(owners, markers: markers)
        let only = FixPlanner.plan(facts, onlyOpenSlotsOf: Self.b)
        #expect(only.repairs.map(\.kind) == [.finishMove])
        #expect(only.repairs.map(\.slots) == [SlotSet([Self.slot(100)])])
        #expect(only.refusals.isEmpty)
        let all = FixPlanner.plan(facts)
        #expect(all.repairs.count > 1)
    }
}
