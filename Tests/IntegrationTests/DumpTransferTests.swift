import Foundation
import NIOCore
import RESP
import Synchronization
import Testing
import TribCommands

@testable import RedisTrib

#if canImport(Glibc)
import Glibc
#endif

/// The dump transfer (`--transfer dump`: `DUMP`, `RESTORE … ABSTTL` on the target, delete on the
/// source only if unchanged) against real servers (`$REDIS_TRIB_SERVER`: Redis 7.0 or Valkey 9).
/// Every test counts the keys and compares every value before and after.
@Suite("the dump transfer against real nodes", .serialized)
struct DumpTransferTests {
    static let options = OperationOptions(waitTimeout: 30, keysPerBatch: 50, transfer: .dump, atomic: .never)

    @Test("the scripts' SHA-1s are what the servers compute: EVALSHA finds them once loaded")
    func scriptDigests() async throws {
        try await withLocalServers(1) { servers in
            try await withConnection(to: servers[0].address) { connection in
                for script in [DumpScript.deleteIfUnchanged, .deleteIfRestored, .replaceIfRestored] {
                    let digest = try await connection.send("SCRIPT", "LOAD", script.body).string
                    #expect(digest == script.sha)
                }
            }
        }
    }

    @Test(
        "strings, every aggregate type, keys with expiry times and a 20 MB value move with DUMP and RESTORE, never MIGRATE; expiry times carried to the millisecond"
    )
    func everyTypeAndTTL() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(0...9), perSlot: 150, valueSize: 40)
            try await keys.write(to: source)
            let aggregates = try await writeAggregates(slot: try HashSlot(3), to: source)
            var expected = keys.values
            // Keys with expiry times an hour or more ahead, each a different millisecond; one 20 MB value.
            let now = Int(Date().timeIntervalSince1970 * 1000)
            var expiries: [ByteBuffer: Int] = [:]
            var big = ByteBuffer()
            big.writeBytes((0..<20_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try await withConnection(to: source) { connection in
                for index in 0..<100 {
                    let key = ByteBuffer(string: "{\(SlotKeys.tag(for: try HashSlot(index % 10)))}:ttl\(index)")
                    let at = now + 3_600_000 + index * 7919
                    _ = try await connection.pipeline([
                        RedisCommand(arguments: [ByteBuffer(string: "SET"), key, ByteBuffer(string: "t\(index)")]),
                        RedisCommand(arguments: [ByteBuffer(string: "PEXPIREAT"), key, ByteBuffer(string: String(at))]),
                    ])
                    expiries[key] = at
                    expected[key] = ByteBuffer(string: "t\(index)")
                }
                let bigKey = ByteBuffer(string: "{\(SlotKeys.tag(for: try HashSlot(5)))}:big")
                try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "SET"), bigKey, big]), timeout: 60)
                expected[bigKey] = big
            }
            let before = try await totalKeys([source, target])
            #expect(before == expected.count + aggregates.count)

            let sent = Mutex<[String: Int]>([:])
            var options = Self.options
            // The 20 MB value travels in a pipeline of hundreds of commands: on 2 loaded cores a reply took over the
            // default 5 s in two full runs. Timeouts are not what this test is about.
            options.connection.commandTimeout = 30
            options.connection.logger = CommandLogHandler.logger { command in
                sent.withLock { $0[command.name, default: 0] += 1 }
            }
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(0...9))
            }

            let counts = sent.withLock { $0 }
            #expect(counts["MIGRATE"] == nil, "MIGRATE was sent: \(counts)")
            #expect((counts["RESTORE"] ?? 0) >= expected.count + aggregates.count)
            try await assertKeys(expected, on: [source, target], otherKeys: aggregates.count)
            try await assertAggregates(aggregates, on: target)
            #expect(try await totalKeys([source, target]) == before)
            try await withConnection(to: target) { connection in
                for (key, at) in expiries {
                    let carried = try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), key])).int
                    #expect(carried == at, "\(RESPValue.quoted(key)) expires at \(carried ?? -3), not \(at)")
                }
                let plainKey = try #require(keys.values.keys.first)
                let plain = try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), plainKey])).int
                #expect(plain == -1)
            }
            let owner = try await ownView(target)
            #expect(owner.map { SlotSet(0...9).isSubset(of: $0.slots) && $0.importing.isEmpty } == true)
        }
    }

    @Test("keys that expire during the move are gone on both nodes afterwards; the others all moved")
    func keysExpiringDuringTheMove() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(20...23), perSlot: 2000, valueSize: 16)
            try await keys.write(to: source)
            var shortLived: [ByteBuffer] = []
            try await withConnection(to: source) { connection in
                var commands: [RedisCommand] = []
                for index in 0..<400 {
                    let key = ByteBuffer(string: "{\(SlotKeys.tag(for: try HashSlot(20 + index % 4)))}:brief\(index)")
                    shortLived.append(key)
                    commands.append(
                        RedisCommand(arguments: [
                            ByteBuffer(string: "SET"), key, ByteBuffer(string: "x"), ByteBuffer(string: "PX"), ByteBuffer(string: String(1 + index)),
                        ]))
                }
                _ = try await connection.pipeline(commands)
            }
            try await withOperator(Self.options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(20...23))
            }
            try await Task.sleep(for: .milliseconds(500))
            // EXISTS deletes a key that expired on the node that owns it now, so that DBSIZE counts the others only.
            try await withConnection(to: target) { connection in
                let replies = try await connection.pipeline(shortLived.map { RedisCommand(arguments: [ByteBuffer(string: "EXISTS"), $0]) })
                #expect(replies.allSatisfy { $0.int == 0 }, "an expired key is still on \(target)")
            }
            try await assertKeys(keys.values, on: [source, target])
        }
    }

    @Test("a key changed on the source during its move is sent again; one that keeps changing moves with MIGRATE; one deleted is not brought back")
    func keysChangedOrDeletedDuringTheMove() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let slot = try HashSlot(30)
            let tag = SlotKeys.tag(for: slot)
            let keys = SlotKeys(slots: SlotSet(30...30), perSlot: 300, valueSize: 24)
            try await keys.write(to: source)
            let (changed, hot, deleted) = ("{\(tag)}:changed", "{\(tag)}:hot", "{\(tag)}:deleted")
            try await withConnection(to: source) { connection in
                for key in [changed, hot, deleted] {
                    try await connection.send("SET", key, "first")
                }
            }
            let before = try await totalKeys([source, target])
            #expect(before == keys.values.count + 3)

            // A client acts on the source the moment the tool restores the key on the target (or sends
            // it again), before the tool deletes the source's copy: the logger runs before the write.
            let writes = Mutex<[String: Int]>([:])
            let names = Mutex<[String]>([])
            var options = Self.options
            options.connection.logger = CommandLogHandler.logger { command in
                names.withLock { $0.append(command.name) }
                let restored: String? =
                    switch command.name {
                    case "RESTORE": command.words.count > 1 ? command.words[1] : nil
                    case "EVALSHA", "EVAL": command.words.count > 3 && command.words[1] == DumpScript.replaceIfRestored.sha ? command.words[3] : nil
                    default: nil
                    }
                guard let key = restored else { return }
                let count = writes.withLock { writes in
                    writes[key, default: 0] += 1
                    return writes[key] ?? 0
                }
                switch key {
                case changed where count == 1: blockingCommand(["SET", changed, "second"], to: source)
                case hot: blockingCommand(["SET", hot, "v\(count)"], to: source)
                case deleted: blockingCommand(["DEL", deleted], to: source)
                default: break
                }
            }
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(30...30))
            }

            let sent = names.withLock { $0 }
            #expect(sent.contains("MIGRATE"), "the hot key did not move with MIGRATE")
            let hotWrites = writes.withLock { $0[hot] ?? 0 }
            #expect(hotWrites == DumpTransfer.attempts)
            var expected = keys.values
            expected[ByteBuffer(string: changed)] = ByteBuffer(string: "second")
            expected[ByteBuffer(string: hot)] = ByteBuffer(string: "v\(hotWrites)")
            try await assertKeys(expected, on: [source, target])
            #expect(try await totalKeys([source, target]) == before - 1)
        }
    }

    @Test("a key whose copy on the target is not the tool's is left alone and stops the move as BUSYKEY does")
    func foreignCopyIsBusy() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(40...40), perSlot: 100, valueSize: 24)
            try await keys.write(to: source)
            let sourceID = try await ownView(source)?.id ?? ""
            let busy = try #require(keys.values.keys.first)
            try await withConnection(to: target) { connection in
                try await connection.send("CLUSTER", "SETSLOT", "40", "IMPORTING", sourceID)
                _ = try await connection.pipeline([
                    RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), busy, ByteBuffer(string: "other")]),
                ])
            }
            await withOperator(Self.options) { trib in
                await #expect { try await trib.migrateSlots(from: source, to: target, slots: SlotSet(40...40)) } throws: { error in
                    (error as? TribError)?.code == .busyKeys && (error as? TribError)?.message.contains(RESPValue.quoted(busy)) == true
                }
            }
            #expect(try await totalKeys([source, target]) == keys.values.count + 1)
            try await withConnection(to: target) { connection in
                let replies = try await connection.pipeline([RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "GET"), busy])])
                #expect(replies[1].string == "other")
            }
            try await withOperator(OperationOptions(waitTimeout: 30, replaceBusyKeys: true, keysPerBatch: 50, transfer: .dump, atomic: .never)) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(40...40))
            }
            try await assertKeys(keys.values, on: [source, target])
        }
    }
}

/// Sends one command on a connection of its own and waits for its reply, blocking the thread: for a
/// logger that must act before the tool's next command goes out.
private func blockingCommand(_ words: [String], to node: NodeAddress) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(node.port).bigEndian)
    address.sin_addr.s_addr = inet_addr(node.host)
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else {
        Issue.record("cannot connect to \(node)")
        return
    }
    let request = "*\(words.count)\r\n" + words.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    _ = request.withCString { write(descriptor, $0, strlen($0)) }
    var reply = [UInt8](repeating: 0, count: 256)
    let count = read(descriptor, &reply, reply.count)
    if count <= 0 || reply[0] == UInt8(ascii: "-") {
        Issue.record("\(words) on \(node): \(String(decoding: reply.prefix(max(0, count)), as: UTF8.self))")
    }
}
