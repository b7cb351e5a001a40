import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// `join` and `quit` run again after they stopped part way (the tool killed between moves or in
/// the middle of one, made here by hand with the servers' own commands): the rerun finishes the job
/// with every key kept, and a rerun of a finished job changes nothing.
@Suite("join and quit run again", .serialized)
struct ResumeOperationTests {
    /// Opens `slot` from `source` to `target` and moves the first `count` of its keys, as a move
    /// stopped in the middle leaves it.
    static func halfMove(_ slot: Int, from source: NodeAddress, to target: NodeAddress, keys count: Int) async throws {
        let sourceID = try #require(try await ownView(source)?.id)
        let targetID = try #require(try await ownView(target)?.id)
        try await withConnection(to: target) { try await $0.send("CLUSTER", "SETSLOT", "\(slot)", "IMPORTING", sourceID) }
        try await withConnection(to: source) { connection in
            try await connection.send("CLUSTER", "SETSLOT", "\(slot)", "MIGRATING", targetID)
            let keys = try #require(try await connection.send("CLUSTER", "GETKEYSINSLOT", "\(slot)", "\(count)").elements)
            #expect(keys.count == count)
            var command = [ByteBuffer(string: "MIGRATE"), ByteBuffer(string: target.host), ByteBuffer(string: "\(target.port)")]
            command += [ByteBuffer(string: ""), ByteBuffer(string: "0"), ByteBuffer(string: "5000"), ByteBuffer(string: "KEYS")]
            command += keys.compactMap(\.bytes)
            #expect(try await connection.send(RedisCommand(arguments: command)).string == "OK")
        }
    }

    @Test("join stopped half way (slots moved, one open with half its keys): a rerun finishes the slot and the share; a third run moves nothing")
    func joinAgain() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let (masters, newcomer) = (Array(addresses[0..<3]), addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                let keys = try await fillKeys(masters[0], count: 3000)
                let open = SlotKeys(slots: [try HashSlot(100)], perSlot: 20)
                try await open.write(to: masters[0])
                // What a join leaves when stopped: the node met, 100 slots moved, slot 100 half moved.
                try await trib.joinNoLoad(cluster: masters[0], newNode: newcomer)
                try await trib.migrateSlots(from: masters[0], to: newcomer, slots: SlotSet(0...99))
                try await Self.halfMove(100, from: masters[0], to: newcomer, keys: 10)

                let summary = try await trib.join(cluster: masters[1], newNode: newcomer)
                #expect(summary.completed && summary.slots == 4096 - 101, "\(summary)")
                let cluster = try await assertClusterHealthy(addresses, expectedMasters: 4)
                for address in addresses {
                    #expect(cluster.slots(of: address).count == 4096, "\(address)")
                }
                try await assertKeys(keys.merging(open.values) { first, _ in first }, on: addresses)
                #expect(try await open.missing(on: newcomer) == [])

                let again = try await trib.join(cluster: masters[2], newNode: newcomer)
                #expect(again.slots == 0 && again.keys == 0, "\(again)")
                _ = try await assertClusterHealthy(addresses, expectedMasters: 4)
            }
        }
    }

    @Test("quit stopped half way (slots drained in part, one open with half its keys): a rerun drains the rest, every key kept")
    func quitAgain() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let leaving = addresses[2]
            try await withOperator(.testing) { trib in
                try await trib.startMulti(addresses)
                let keys = try await fillKeys(addresses[0], count: 3000)
                let slots = try #require(try await ownView(leaving)?.slots.sorted())
                let open = SlotKeys(slots: [slots[1000]], perSlot: 20)
                try await open.write(to: leaving)
                try await trib.migrateSlots(from: leaving, to: addresses[0], slots: SlotSet(slots[0..<1000]))
                try await Self.halfMove(Int(slots[1000].rawValue), from: leaving, to: addresses[1], keys: 10)

                let summary = try await trib.quit(leaving)
                #expect(summary.completed && summary.slots == slots.count - 1001, "\(summary)")
                _ = try await assertClusterHealthy(Array(addresses[0..<2]), expectedMasters: 2)
                try await assertKeys(keys.merging(open.values) { first, _ in first }, on: Array(addresses[0..<2]))
                let left = try await readNode(leaving)
                #expect(left.topology.nodes.count == 1 && left.myself?.slots.isEmpty == true)
            }
        }
    }

    @Test(
        "quit stopped after its drain, with one node that forgot it already: a rerun makes the others forget it; run once more it says the node is in no cluster"
    )
    func quitAfterPartialForget() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let leaving = addresses[2]
            try await withOperator(.testing) { trib in
                try await trib.startMulti(addresses)
                let keys = try await fillKeys(addresses[0], count: 1000)
                let leavingID = try #require(try await ownView(leaving)?.id)
                try await trib.migrateSlots(from: leaving, to: addresses[1], slots: try #require(try await ownView(leaving)?.slots))
                try await withConnection(to: addresses[0]) { try await $0.send("CLUSTER", "FORGET", leavingID) }

                let summary = try await trib.quit(leaving)
                #expect(summary.slots == 0)
                _ = try await assertClusterHealthy(Array(addresses[0..<2]), expectedMasters: 2)
                for address in addresses[0..<2] {
                    #expect(try await readNode(address).topology.node(id: leavingID) == nil, "\(address)")
                }
                try await assertKeys(keys, on: Array(addresses[0..<2]))

                let error = await #expect(throws: TribError.self) { try await trib.quit(leaving) }
                #expect(error?.message == "\(leaving) is in no cluster: it knows no other node and serves no slot (a quit that finished leaves it so)")
            }
        }
    }
}
