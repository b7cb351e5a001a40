import RESP
import Testing

@testable import RedisTrib

@Suite("Move leases and the per-group slot check")
struct GuardingTests {
    @Test("leases are read from CLIENT LIST by their name; other clients are ignored")
    func holders() {
        let list = """
            id=3 addr=127.0.0.1:50000 laddr=127.0.0.1:7000 fd=8 name= age=1 cmd=client|list
            id=7 addr=127.0.0.1:50002 laddr=127.0.0.1:7000 fd=9 name=redis-trib-lease/migrate_slots/4242@box#9f age=3 cmd=exec
            id=9 addr=127.0.0.1:50004 laddr=127.0.0.1:7000 fd=10 name=somebody-else age=3 cmd=get
            """
        #expect(MoveLease.holders(in: list) == [MoveLease.Holder(id: 7, operation: "migrate_slots", holder: "4242@box#9f", address: "127.0.0.1:50002")])
    }

    @Test("a holder's name is made safe for CLIENT SETNAME: no spaces, no slashes, printable ASCII only")
    func sanitizing() {
        #expect(MoveLease.sanitized("12@my host/é#1") == "12@my_host__#1")
    }

    @Test("a group's slots are still the move's: owned by the source or the target, open towards no one else")
    func slotStates() {
        let (s, t, x) = ("s", "t", "x")
        func node(_ id: String, owns: [Int] = [], migrating: [Int: String] = [:], importing: [Int: String] = [:]) -> ClusterNode {
            ClusterNode(
                id: id, address: nil, flags: [.myself, .master], slots: SlotSet(owns.map { HashSlot(rawValue: UInt16($0))! }),
                migrating: Dictionary(uniqueKeysWithValues: migrating.map { (HashSlot(rawValue: UInt16($0.key))!, $0.value) }),
                importing: Dictionary(uniqueKeysWithValues: importing.map { (HashSlot(rawValue: UInt16($0.key))!, $0.value) })
            )
        }
        let slots = [HashSlot(rawValue: 1)!, HashSlot(rawValue: 2)!]
        let fine = SlotStateCheck(sourceID: s, targetID: t, source: node(s, owns: [1, 2], migrating: [1: t]), target: node(t, importing: [1: s]))
        #expect(fine.problem(in: slots) == nil)
        let moved = SlotStateCheck(sourceID: s, targetID: t, source: node(s, owns: [1]), target: node(t, owns: [2]))
        #expect(moved.problem(in: slots) == nil)
        let elsewhere = SlotStateCheck(sourceID: s, targetID: t, source: node(s, owns: [1, 2], migrating: [2: x]), target: node(t))
        #expect(elsewhere.problem(in: slots) == "slot 2 is migrating from the source to node x")
        let otherImport = SlotStateCheck(sourceID: s, targetID: t, source: node(s, owns: [1, 2]), target: node(t, importing: [1: x]))
        #expect(otherImport.problem(in: slots) == "slot 1 is importing into the target from node x")
        let taken = SlotStateCheck(sourceID: s, targetID: t, source: node(s, owns: [1]), target: node(t))
        #expect(taken.problem(in: slots) == "slot 2 is owned by neither the source nor the target")
    }
}
