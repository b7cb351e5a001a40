import RESP
import Testing

@testable import RedisTrib

@Suite("fix decides open slots from facts, never from a marker alone")
struct OpenSlotRepairTests {
    static let (a, b, c) = (String(repeating: "a", count: 40), String(repeating: "b", count: 40), String(repeating: "c", count: 40))
    static let slot = HashSlot(rawValue: 100)!

    /// A node's own view: slots it owns and markers it carries.
    static func view(_ id: String, port: Int, owns: SlotSet = SlotSet(), migrating: [HashSlot: String] = [:], importing: [HashSlot: String] = [:])
        -> ClusterNode
    {
        ClusterNode(
            id: id, address: NodeAddress(host: "127.0.0.1", port: port), flags: [.myself, .master],
            slots: owns, migrating: migrating, importing: importing
        )
    }

    /// The facts with these views; `flags` marks nodes in the asking node's view (`fail`, `fail?`).
    static func facts(_ views: [ClusterNode], flags: [String: ClusterNode.Flag] = [:], silent: [String] = []) -> OpenSlotRepair.Facts {
        var cluster = ClusterTopology(nodes: [])
        for id in [a, b, c] {
            var node = ClusterNode(id: id, address: NodeAddress(host: "127.0.0.1", port: id == a ? 7000 : id == b ? 7001 : 7002), flags: [.master])
            if let flag = flags[id] { node.flags.insert(flag) }
            cluster.nodes.append(node)
        }
        var byID: [String: ClusterNode] = [:]
        for view in views where !silent.contains(view.id) {
            byID[view.id] = view
        }
        return OpenSlotRepair.Facts(views: byID, cluster: cluster)
    }

    @Test("an interrupted move (both markers, or either one alone) is finished from its owner")
    func interruptedMove() {
        let owned = SlotSet([Self.slot])
        let both = Self.facts([
            Self.view(Self.a, port: 7000, owns: owned, migrating: [Self.slot: Self.b]),
            Self.view(Self.b, port: 7001, importing: [Self.slot: Self.a]),
            Self.view(Self.c, port: 7002),
        ])
        #expect(OpenSlotRepair.decide(Self.slot, facts: both) == .success(.finish(slot: Self.slot, sourceID: Self.a, targetID: Self.b)))
        let importOnly = Self.facts([
            Self.view(Self.a, port: 7000, owns: owned),
            Self.view(Self.b, port: 7001, importing: [Self.slot: Self.a]),
            Self.view(Self.c, port: 7002),
        ])
        #expect(OpenSlotRepair.decide(Self.slot, facts: importOnly) == .success(.finish(slot: Self.slot, sourceID: Self.a, targetID: Self.b)))
        // Killed between the target's and the source's SETSLOT NODE: the target owns it already.
        let handedOver = Self.facts([
            Self.view(Self.a, port: 7000, migrating: [Self.slot: Self.b]),
            Self.view(Self.b, port: 7001, owns: owned),
            Self.view(Self.c, port: 7002),
        ])
        #expect(OpenSlotRepair.decide(Self.slot, facts: handedOver) == .success(.finish(slot: Self.slot, sourceID: Self.a, targetID: Self.b)))
    }

    @Test("a lone IMPORTING that names a node not owning the slot is cleared, never claimed")
    func staleImport() {
        // The defect: C imports slot 100 "from B", but A owns it with its keys.
        let facts = Self.facts([
            Self.view(Self.a, port: 7000, owns: SlotSet([Self.slot])),
            Self.view(Self.b, port: 7001),
            Self.view(Self.c, port: 7002, importing: [Self.slot: Self.b]),
        ])
        #expect(
            OpenSlotRepair.decide(Self.slot, facts: facts)
                == .success(.clearStaleImport(slot: Self.slot, nodeID: Self.c, namedSourceID: Self.b, ownerID: Self.a)))
    }

    @Test("two moves of one slot at once: conflicting markers are refused with every marker named")
    func conflictingMarkers() throws {
        let facts = Self.facts([
            Self.view(Self.a, port: 7000, owns: SlotSet([Self.slot]), migrating: [Self.slot: Self.c]),
            Self.view(Self.b, port: 7001, importing: [Self.slot: Self.a]),
            Self.view(Self.c, port: 7002, importing: [Self.slot: Self.a]),
        ])
        guard case .failure(let refusal) = OpenSlotRepair.decide(Self.slot, facts: facts) else {
            Issue.record("conflicting markers were not refused")
            return
        }
        #expect(refusal.reason.contains("conflicting markers"))
        #expect(refusal.reason.contains("127.0.0.1:7001 importing it from 127.0.0.1:7000"))
        #expect(refusal.reason.contains("127.0.0.1:7002 importing it from 127.0.0.1:7000"))
        #expect(refusal.reason.contains("127.0.0.1:7000 migrating it to 127.0.0.1:7002"))
    }

    @Test("a target that does not answer: refused while only suspected, closed on the owner once agreed failed")
    func silentTarget() {
        let views = [
            Self.view(Self.a, port: 7000, owns: SlotSet([Self.slot]), migrating: [Self.slot: Self.b]),
            Self.view(Self.b, port: 7001, importing: [Self.slot: Self.a]),
            Self.view(Self.c, port: 7002),
        ]
        let suspected = Self.facts(views, flags: [Self.b: .possiblyFailed], silent: [Self.b])
        guard case .failure(let refusal) = OpenSlotRepair.decide(Self.slot, facts: suspected) else {
            Issue.record("a suspected target's slot was closed")
            return
        }
        #expect(refusal.reason.contains("only suspected"))
        let unflagged = Self.facts(views, silent: [Self.b])
        #expect((try? OpenSlotRepair.decide(Self.slot, facts: unflagged).get()) == nil)
        let failed = Self.facts(views, flags: [Self.b: .failed], silent: [Self.b])
        #expect(OpenSlotRepair.decide(Self.slot, facts: failed) == .success(.closeOnSource(slot: Self.slot, sourceID: Self.a, targetID: Self.b)))
    }

    @Test("a slot claimed by a third node, or by nobody, is refused")
    func strangeOwners() {
        let third = Self.facts([
            Self.view(Self.a, port: 7000, owns: SlotSet([Self.slot]), migrating: [Self.slot: Self.b]),
            Self.view(Self.b, port: 7001, importing: [Self.slot: Self.a]),
            Self.view(Self.c, port: 7002, owns: SlotSet([Self.slot])),
        ])
        #expect((try? OpenSlotRepair.decide(Self.slot, facts: third).get()) == nil)
        let nobody = Self.facts([
            Self.view(Self.a, port: 7000, migrating: [Self.slot: Self.b]),
            Self.view(Self.b, port: 7001),
            Self.view(Self.c, port: 7002),
        ])
        #expect((try? OpenSlotRepair.decide(Self.slot, facts: nobody).get()) == nil)
    }
}
