import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#endif

@Suite("migrate_slots and fix against real nodes", .serialized)
struct MigrationOperationTests {
    @Test("migrate_slots moves slots and every key with its value; every node agrees")
    func migratesSlotsAndKeys() async throws {
        try await withLocalServers(3) { servers in
            try await withCluster(servers) { trib in
                let (source, target) = (servers[0].address, servers[1].address)
                let slots = try SlotSet(parsing: "0 2 4-7 100-199")
                let keys = SlotKeys(slots: slots, perSlot: 40)
                try await keys.write(to: source)
                let before = try await totalKeys(servers.map(\.address))
                #expect(before == keys.values.count)

                try await trib.migrateSlots(from: source, to: target, slots: slots)

                #expect(try await keys.missing(on: target).isEmpty)
                #expect(try await totalKeys(servers.map(\.address)) == before)
                for server in servers {
                    let view = try await trib.listNodes(server.address)
                    let owner = view.nodes.first { $0.address == target }
                    #expect(owner.map { slots.isSubset(of: $0.slots) } == true, "as seen by \(server.address)")
                    #expect(view.nodes.allSatisfy { $0.migrating.isEmpty && $0.importing.isEmpty })
                }
            }
        }
    }

    @Test("refusals name the node and the condition, and change nothing")
    func refusals() async throws {
        try await withLocalServers(4) { servers in
            try await withCluster(Array(servers.prefix(3))) { trib in
                let (a, b, lone) = (servers[0].address, servers[1].address, servers[3].address)
                let before = try await trib.listNodes(a).nodes.map(\.slots)

                // 12000-12001 belong to the third master.
                await #expect { try await trib.migrateSlots(from: a, to: b, slots: SlotSet(12000...12001)) } throws: { error in
                    let error = error as? TribError
                    return error?.code == .preconditionFailed && error?.message == "\(a) does not hold slot(s) 12000-12001"
                }
                // Slots the target owns already count as moved: running a finished move again succeeds.
                try await trib.migrateSlots(from: a, to: b, slots: SlotSet(9000...9001))
                await #expect { try await trib.migrateSlots(from: a, to: a, slots: SlotSet(0...1)) } throws: {
                    ($0 as? TribError)?.code == .invalidArgument
                }
                await #expect { try await trib.migrateSlots(from: a, to: lone, slots: SlotSet(0...1)) } throws: { error in
                    (error as? TribError)?.message == "\(lone) is not a member of the cluster of \(a) (3 known nodes)"
                }
                // Another operation's open slot is named, and refused without --force.
                let cID = try await ownView(servers[2].address)?.id ?? ""
                try await withConnection(to: b) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "6000", "MIGRATING", cID)
                }
                await #expect { try await trib.migrateSlots(from: a, to: b, slots: SlotSet(0...1)) } throws: { error in
                    let message = (error as? TribError)?.message ?? ""
                    return message.contains("slot 6000 migrating from \(b) to \(servers[2].address)") && message.contains("fix")
                }
                try await withConnection(to: b) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "6000", "STABLE")
                }
                #expect(try await trib.listNodes(a).nodes.map(\.slots) == before)
            }
        }
    }

    @Test("keys on both sides: equal values are replaced, different ones stop the move until --replace")
    func busyKeys() async throws {
        try await withLocalServers(2) { servers in
            try await withCluster(servers) { trib in
                let (source, target) = (servers[0].address, servers[1].address)
                let slot = try HashSlot(10)
                let keys = SlotKeys(slots: [slot], perSlot: 50)
                try await keys.write(to: source)
                let sourceID = try await ownView(source)?.id ?? ""
                let sorted = keys.values.keys.sorted { Array($0.readableBytesView).lexicographicallyPrecedes(Array($1.readableBytesView)) }
                let same = sorted[0]
                let different = sorted[1]
                try await withConnection(to: target) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "10", "IMPORTING", sourceID)
                    _ = try await connection.pipeline([
                        RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), same, keys.values[same] ?? ByteBuffer()]),
                        RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), different, ByteBuffer(string: "other")]),
                    ])
                }
                await #expect { try await trib.migrateSlots(from: source, to: target, slots: [slot]) } throws: { error in
                    let error = error as? TribError
                    return error?.code == .busyKeys && error?.message.contains(RESPValue.quoted(different)) == true
                        && error?.message.contains(RESPValue.quoted(same)) == false
                }
                // Both copies of the differing key are still there.
                #expect(try await totalKeys([source, target]) == keys.values.count + 1)

                try await withOperator(OperationOptions(replaceBusyKeys: true)) { replacing in
                    try await replacing.migrateSlots(from: source, to: target, slots: [slot])
                }
                #expect(try await keys.missing(on: target).isEmpty)
                #expect(try await totalKeys([source, target]) == keys.values.count)
            }
        }
    }

    @Test("migrate_slots killed in the middle of moving keys: fix finishes it, or running it again does")
    func interruptedMigration() async throws {
        for resume in ["fix", "again"] {
            try await withLocalServers(2) { servers in
                try await withCluster(servers) { trib in
                    let (source, target) = (servers[0].address, servers[1].address)
                    let slots = SlotSet(0...199)
                    let keys = SlotKeys(slots: slots, perSlot: 150, valueSize: 200)
                    try await keys.write(to: source)

                    // Stop the target while a MIGRATE is in flight, then kill the tool: a slot stays half-moved. The tool
                    // may close the slot between the look and the stop (the source cannot be asked again then: its MIGRATE
                    // to the stopped target blocks it), so a run that left no slot open is run again, up to 3 times.
                    var (sawOpen, open) = (false, 0)
                    for _ in 1...3 where open == 0 {
                        let process = try TribProcess.start(["migrate_slots", "\(source)", "\(target)", "0-199", "--keys-per-batch", "5", "--no-atomic"])
                        sawOpen = try await pollUntil(interval: .milliseconds(2)) {
                            guard let view = try await ownView(source), !view.migrating.isEmpty, try await totalKeys([target]) > 0 else { return false }
                            servers[1].signal(SIGSTOP)
                            return true
                        }
                        try await Task.sleep(for: .milliseconds(300))
                        process.kill()
                        servers[1].signal(SIGCONT)
                        // The tool died between two steps: the slot is open on the source, the target, or both.
                        open = (try await ownView(source)?.migrating.count ?? 0) + (try await ownView(target)?.importing.count ?? 0)
                    }
                    #expect(sawOpen, "the move ended before it could be interrupted")
                    #expect(open >= 1)
                    #expect(try await totalKeys([source, target]) == keys.values.count)

                    if resume == "fix" {
                        try await trib.fix(source)
                        let rest = try await ownView(source)?.slots ?? SlotSet()
                        let moved = try await ownView(target)?.slots ?? SlotSet()
                        #expect(rest.union(moved) == SlotSet.all)
                        #expect(try await ownView(source)?.migrating.isEmpty == true)
                        #expect(try await ownView(target)?.importing.isEmpty == true)
                        // Then the same command again moves what is left.
                    }
                    try await trib.migrateSlots(from: source, to: target, slots: slots)
                    #expect(try await keys.missing(on: target).isEmpty)
                    #expect(try await totalKeys([source, target]) == keys.values.count)
                    let targetView = try await ownView(target)
                    #expect(targetView.map { slots.isSubset(of: $0.slots) && $0.importing.isEmpty } == true)
                }
            }
        }
    }
}
