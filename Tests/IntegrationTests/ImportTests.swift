import Foundation
import NIOCore
import RESP
import Synchronization
import Testing
import TribCommands

@testable import RedisTrib

/// `import` against real servers (`$REDIS_TRIB_SERVER`): keys of a standalone server moved or
/// copied into a cluster, each found on the master that owns its slot with its value and TTL.
@Suite("import on real servers", .serialized)
struct ImportTests {
    /// A key of the source: its value and the TTL it was given in milliseconds (`nil`: none).
    struct SourceKey {
        var value: ByteBuffer
        var ttl: Int?
        /// When its batch was sent: its TTL counts down from then at the earliest.
        var written: ContinuousClock.Instant
        /// When its batch was acknowledged: its TTL counts down from then at the latest (the server
        /// may run a batch seconds after it was sent, under load).
        var acknowledged: ContinuousClock.Instant
    }

    /// Starts a standalone server, runs `body`, stops it.
    static func withStandalone(extraArguments: [String] = [], _ body: (NodeAddress) async throws -> Void) async throws {
        try await withLocalServers(1, extraArguments: extraArguments, clusterEnabled: false) { servers in try await body(servers[0].address) }
    }

    /// Whether the servers are Valkey's.
    static var isValkey: Bool {
        (try? LocalServerLauncher().executable.contains("valkey")) ?? false
    }

    /// Writes `count` string keys into `database` of `source`, every other one with a TTL of 200 to 1000 s.
    static func fillSource(
        _ source: NodeAddress, count: Int, prefix: String, database: Int = 0, options: ConnectionOptions = ConnectionOptions()
    ) async throws -> [ByteBuffer: SourceKey] {
        var keys: [ByteBuffer: SourceKey] = [:]
        try await withConnection(to: source, options: options) { connection in
            if database != 0 { try await connection.send("SELECT", String(database)) }
            for start in stride(from: 0, to: count, by: 1000) {
                let written = ContinuousClock.now
                var commands: [RedisCommand] = []
                for index in start..<min(count, start + 1000) {
                    let key = testKey(index, prefix: prefix)
                    var value = ByteBuffer(string: "\(prefix) value \(index)\r\n")
                    value.writeBytes([0x00, 0xFF, UInt8(truncatingIfNeeded: index)])
                    // An hour and more: a slow run under load must not see keys expire.
                    let ttl = index % 2 == 0 ? 3_600_000 + index : nil
                    var arguments = [ByteBuffer(string: "SET"), key, value]
                    if let ttl { arguments += [ByteBuffer(string: "PX"), ByteBuffer(string: String(ttl))] }
                    commands.append(RedisCommand(arguments: arguments))
                    keys[key] = SourceKey(value: value, ttl: ttl, written: written, acknowledged: written)
                }
                let replies = try await connection.pipeline(commands)
                let acknowledged = ContinuousClock.now
                for index in start..<min(count, start + 1000) {
                    keys[testKey(index, prefix: prefix)]?.acknowledged = acknowledged
                }
                #expect(replies.allSatisfy { $0.string == "OK" })
            }
        }
        return keys
    }

    /// The master of `masters` that owns `key`'s slot, by its own view.
    static func owner(of key: ByteBuffer, among masters: [NodeAddress]) async throws -> NodeAddress {
        let slot = HashSlot.forKey(key.readableBytesView)
        for master in masters where try await ownView(master)?.slots.contains(slot) == true {
            return master
        }
        throw TribError(.preconditionFailed, "no master owns slot \(slot)")
    }

    /// Keys in `database` of a node.
    static func size(_ node: NodeAddress, database: Int = 0, options: ConnectionOptions = ConnectionOptions()) async throws -> Int {
        var size = -1
        try await withConnection(to: node, options: options) { connection in
            if database != 0 { try await connection.send("SELECT", String(database)) }
            size = try await connection.send("DBSIZE").int ?? -1
        }
        return size
    }

    /// Milliseconds since `instant`.
    static func milliseconds(since instant: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - instant
        return Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Checks that every key is on the master that owns its slot, in `database`, with its value and
    /// its TTL less the time since it was written (±1 s), and that the masters hold nothing else.
    static func expectImported(
        _ keys: [ByteBuffer: SourceKey], into masters: [NodeAddress], database: Int = 0, others: Int = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var ownerOfSlot: [Int: NodeAddress] = [:]
        for master in masters {
            for slot in try #require(try await ownView(master)).slots { ownerOfSlot[slot.intValue] = master }
        }
        let byOwner = Dictionary(grouping: keys.keys) { ownerOfSlot[HashSlot.forKey($0.readableBytesView).intValue] }
        var total = 0
        for master in masters {
            total += try await size(master, database: database)
        }
        #expect(total == keys.count + others, "the masters hold \(total) keys, not \(keys.count + others)", sourceLocation: sourceLocation)
        var wrong: [String] = []
        for (owner, ownedKeys) in byOwner {
            let owner = try #require(owner, sourceLocation: sourceLocation)
            try await withConnection(to: owner) { connection in
                if database != 0 { try await connection.send("SELECT", String(database)) }
                for start in stride(from: 0, to: ownedKeys.count, by: 1000) {
                    let batch = Array(ownedKeys[start..<min(ownedKeys.count, start + 1000)])
                    let asked = ContinuousClock.now
                    let replies = try await connection.pipeline(
                        batch.flatMap {
                            [RedisCommand(arguments: [ByteBuffer(string: "GET"), $0]), RedisCommand(arguments: [ByteBuffer(string: "PTTL"), $0])]
                        })
                    for (index, key) in batch.enumerated() {
                        let expected = try #require(keys[key])
                        let value = replies[2 * index].bytes
                        let ttl = replies[2 * index + 1].int ?? -3
                        // Counted down since the key was written (between its batch's sending and its acknowledgement),
                        // to between when the batch was asked and now.
                        let latest = Self.milliseconds(since: expected.written)
                        let earliest = Self.milliseconds(since: expected.acknowledged) - Self.milliseconds(since: asked)
                        let ttlRight = expected.ttl.map { ttl > 0 && ttl <= $0 - earliest + 1000 && ttl >= $0 - latest - 1000 } ?? (ttl == -1)
                        if value != expected.value || !ttlRight {
                            wrong.append("\(RESPValue.quoted(key)) on \(owner): \(replies[2 * index]) ttl \(ttl), expected ttl \(expected.ttl ?? -1)")
                        }
                    }
                }
            }
        }
        #expect(wrong.count == 0, "\(wrong.count) keys wrong, first: \(wrong.prefix(3))", sourceLocation: sourceLocation)
    }

    @Test("import deletes a source key only while it holds the value copied: a key written since stays (-1), an unchanged one goes (1), a gone one is 0")
    func deleteIfUnchanged() async throws {
        try await Self.withStandalone { source in
            try await withConnection(to: source) { connection in
                try await connection.send("SET", "k", "copied")
                let payload = try #require(try await connection.send("DUMP", "k").bytes)
                func delete() async throws -> Int? {
                    try await connection.send(
                        RedisCommand(arguments: [
                            ByteBuffer(string: "EVAL"), ByteBuffer(string: KeyImport.deleteIfUnchanged), ByteBuffer(string: "1"), ByteBuffer(string: "k"),
                            payload,
                        ])
                    ).int
                }
                try await connection.send("SET", "k", "written since")
                #expect(try await delete() == -1)
                #expect(try await connection.send("GET", "k").string == "written since")
                try await connection.send("SET", "k", "copied")
                #expect(try await delete() == 1)
                #expect(try await connection.send("EXISTS", "k").int == 0)
                #expect(try await delete() == 0)
            }
        }
    }

    @Test("100,000 keys with TTLs moved: each on its slot's master with its value and TTL (±1 s), the source emptied, progress reported")
    func move() async throws {
        try await Self.withStandalone { source in
            try await withLocalServers(3) { servers in
                let masters = servers.map(\.address)
                try await buildCluster(servers)
                let keys = try await Self.fillSource(source, count: 100_000, prefix: "import")
                let progress = ProgressLog()
                var options = OperationOptions.testing
                options.events = { event in if case .progress(let report) = event { progress.add(report.keysMoved) } }
                let report = try await withOperator(options) { try await $0.importKeys(into: masters[1], from: source) }
                #expect(report.applied && report.keys == 100_000 && report.keysByDatabase == [0: 100_000])
                #expect(report.keysByMaster.count == 3 && report.keysByMaster.values.reduce(0, +) == 100_000)
                #expect(report.skippedEqual == 0 && report.conflictCount == 0)
                try await Self.expectImported(keys, into: masters)
                #expect(try await Self.size(source) == 0)
                #expect(progress.values.last == 100_000 && progress.values.count > 1)
            }
        }
    }

    @Test(
        "--copy through the binary in redis-cli's words (--cluster-from, --cluster-copy, --cluster-from-pass): strings, hashes, lists, sets and sorted sets with TTLs are in the cluster and still on the source; a wrong source password is named"
    )
    func copy() async throws {
        try await Self.withStandalone(extraArguments: ["--requirepass", "source-secret"]) { source in
            try await withLocalServers(3) { servers in
                let masters = servers.map(\.address)
                try await buildCluster(servers)
                let sourceOptions = ConnectionOptions(password: "source-secret")
                let keys = try await Self.fillSource(source, count: 3000, prefix: "copy", options: sourceOptions)
                try await withConnection(to: source, options: sourceOptions) { connection in
                    for command in [
                        ["HSET", "{t}hash", "a", "1", "b", "2"], ["RPUSH", "{t}list", "x", "y", "x"], ["SADD", "{t}set", "p", "q"],
                        ["ZADD", "{t}zset", "1.5", "m", "2", "n"],
                    ] {
                        try await connection.send(RedisCommand(command))
                        try await connection.send("PEXPIRE", command[1], "500000")
                    }
                }
                // The password read from standard input (not a terminal): a dry run counts every key and writes none.
                let asked = try await TribProcess.run(
                    ["--dry-run", "import", masters[0].description, "--cluster-from", source.description, "--cluster-from-askpass"], input: "source-secret\n")
                #expect(asked.status == 0, "\(asked.err)")
                #expect(asked.out.hasPrefix("[DRY RUN] would import 3,004 key(s) from \(source)"), "\(asked.out)")
                #expect(try await masters.asyncMap { try await Self.size($0) }.reduce(0, +) == 0)
                let refused = try await TribProcess.run([
                    "import", masters[0].description, "--cluster-from", source.description, "--cluster-from-pass", "wrong",
                ])
                #expect(refused.status == 1 && refused.err.contains(source.description), "\(refused.err)")

                let run = try await TribProcess.run([
                    "--json", "import", masters[0].description, "--cluster-from", source.description, "--cluster-copy", "--cluster-from-pass",
                    "source-secret",
                ])
                #expect(run.status == 0, "\(run.err)")
                // Progress lines first, the result last.
                let last = try #require(run.out.split(separator: "\n").last)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(run.out)")
                #expect(object["keys"] as? Int == 3004)
                #expect((object["databases"] as? [String: Int]) == ["0": 3004])
                #expect((object["masters"] as? [[String: Any]])?.compactMap { $0["keys"] as? Int }.reduce(0, +) == 3004)
                try await Self.expectImported(keys, into: masters, others: 4)
                try await withConnection(to: try await Self.owner(of: ByteBuffer(string: "{t}hash"), among: masters)) { connection in
                    #expect(try await connection.send("HGETALL", "{t}hash").elements?.compactMap(\.string).sorted() == ["1", "2", "a", "b"])
                    #expect(try await connection.send("LRANGE", "{t}list", "0", "-1").elements?.compactMap(\.string) == ["x", "y", "x"])
                    #expect(try await connection.send("SMEMBERS", "{t}set").elements?.compactMap(\.string).sorted() == ["p", "q"])
                    #expect(try await connection.send("ZRANGE", "{t}zset", "0", "-1", "WITHSCORES").elements?.compactMap(\.string) == ["m", "1.5", "n", "2"])
                    for key in ["{t}hash", "{t}list", "{t}set", "{t}zset"] {
                        let ttl = try await connection.send("PTTL", key).int ?? -3
                        #expect(ttl > 400_000 && ttl <= 500_000, "\(key): \(ttl)")
                    }
                }
                #expect(try await Self.size(source, options: sourceOptions) == 3004)
            }
        }
    }

    @Test(
        "conflicts: a key the cluster holds with another value, or the same value expiring at another time, stops the import before any change, naming node and key; an equal one does not; --replace overwrites"
    )
    func conflicts() async throws {
        try await Self.withStandalone { source in
            try await withLocalServers(3) { servers in
                let masters = servers.map(\.address)
                try await buildCluster(servers)
                var keys = try await Self.fillSource(source, count: 1000, prefix: "conflict")
                // "conflict:0" differs in the cluster; "conflict:12" has the source's value but no
                // expiry there (skipping it and deleting the source's would leave it expiring at
                // another time); "conflict:6" (with the source's expiry) and a hash are equal there.
                let different = ByteBuffer(string: "conflict:0")
                let equal = ByteBuffer(string: "conflict:6")
                let otherExpiry = ByteBuffer(string: "conflict:12")
                let differentOwner = try await Self.owner(of: different, among: masters)
                try await withConnection(to: differentOwner) { try await $0.send("SET", "conflict:0", "the cluster's own value") }
                var expiresAt = ""
                try await withConnection(to: source) { connection in
                    expiresAt = String(try #require(try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), equal])).int))
                }
                try await withConnection(to: try await Self.owner(of: equal, among: masters)) { connection in
                    let value = try #require(keys[equal]).value
                    try await connection.send(
                        RedisCommand(arguments: [ByteBuffer(string: "SET"), equal, value, ByteBuffer(string: "PXAT"), ByteBuffer(string: expiresAt)]))
                }
                try await withConnection(to: try await Self.owner(of: otherExpiry, among: masters)) { connection in
                    let value = try #require(keys[otherExpiry]).value
                    try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "SET"), otherExpiry, value]))
                }
                try await withConnection(to: source) { try await $0.send("HSET", "{h}hash", "a", "1", "b", "2") }
                try await withConnection(to: try await Self.owner(of: ByteBuffer(string: "{h}hash"), among: masters)) {
                    try await $0.send("HSET", "{h}hash", "b", "2", "a", "1")
                }
                let before = try await readConfigurations(masters)
                let clusterKeys = try await masters.asyncMap { try await Self.size($0) }.reduce(0, +)
                #expect(clusterKeys == 4)

                var dryRun = OperationOptions.testing
                dryRun.dryRun = true
                let plan = try await withOperator(dryRun) { try await $0.importKeys(into: masters[0], from: source) }
                #expect(!plan.applied && plan.isBlocked && plan.conflictCount == 2 && plan.skippedEqual == 2 && plan.keys == 997)
                #expect(Set(plan.conflicts.map(\.key)) == [different, otherExpiry])
                #expect(plan.conflicts.first { $0.key == different }?.node.address == differentOwner)

                let error = await #expect(throws: TribError.self) {
                    try await withOperator(.testing) { try await $0.importKeys(into: masters[0], from: source) }
                }
                // The first conflict found is named, with the master that holds it.
                let otherExpiryOwner = try await Self.owner(of: otherExpiry, among: masters)
                let named = [("conflict:0", differentOwner), ("conflict:12", otherExpiryOwner)]
                #expect(error?.code == .busyKeys)
                #expect(
                    named.contains { key, owner in error?.node == owner && error?.message.contains("\"\(key)\"") == true }, "\(String(describing: error))")
                #expect(try await masters.asyncMap { try await Self.size($0) }.reduce(0, +) == 4)
                #expect(try await Self.size(source) == 1001)
                try await assertUnchanged(before)

                let binary = try await TribProcess.run(["import", masters[2].description, "--from", source.description])
                #expect(binary.status == 1)
                #expect(named.contains { key, owner in binary.err.contains(key) && binary.err.contains(owner.description) }, "\(binary.err)")

                var replace = OperationOptions.testing
                replace.replaceBusyKeys = true
                let report = try await withOperator(replace) { try await $0.importKeys(into: masters[0], from: source) }
                #expect(report.keys == 1001 && report.conflictCount == 2)
                keys[ByteBuffer(string: "{h}hash")] = nil
                try await withConnection(to: try await Self.owner(of: ByteBuffer(string: "{h}hash"), among: masters)) { connection in
                    #expect(try await connection.send("HGET", "{h}hash", "a").string == "1")
                    try await connection.send("DEL", "{h}hash")
                }
                try await Self.expectImported(keys, into: masters)
                #expect(try await Self.size(source) == 0)
            }
        }
    }

    @Test("a second database on the source: Redis 7 clusters (database 0 only) refuse it before any change; a Valkey cluster with cluster-databases 2 takes it")
    func secondDatabase() async throws {
        try await Self.withStandalone { source in
            let extra = Self.isValkey ? ["--cluster-databases", "2"] : []
            try await withLocalServers(3, extraArguments: extra) { servers in
                let masters = servers.map(\.address)
                try await buildCluster(servers)
                let zero = try await Self.fillSource(source, count: 500, prefix: "db0")
                let one = try await Self.fillSource(source, count: 200, prefix: "db1", database: 1)
                guard Self.isValkey else {
                    let error = await #expect(throws: TribError.self) {
                        try await withOperator(.testing) { try await $0.importKeys(into: masters[0], from: source) }
                    }
                    #expect(error?.code == .preconditionFailed && error?.message.contains("database 1") == true, "\(String(describing: error))")
                    #expect(try await masters.asyncMap { try await Self.size($0) }.reduce(0, +) == 0)
                    #expect(try await Self.size(source) == 500)
                    #expect(try await Self.size(source, database: 1) == 200)
                    return
                }
                var dryRun = OperationOptions.testing
                dryRun.dryRun = true
                let plan = try await withOperator(dryRun) { try await $0.importKeys(into: masters[0], from: source) }
                #expect(!plan.applied && plan.keysByDatabase == [0: 500, 1: 200])
                #expect(try await masters.asyncMap { try await Self.size($0, database: 1) }.reduce(0, +) == 0)
                let report = try await withOperator(.testing) { try await $0.importKeys(into: masters[0], from: source) }
                #expect(report.keysByDatabase == [0: 500, 1: 200])
                try await Self.expectImported(zero, into: masters)
                try await Self.expectImported(one, into: masters, database: 1)
                #expect(try await Self.size(source) == 0)
                #expect(try await Self.size(source, database: 1) == 0)
            }
        }
    }

    @Test("refused before any change: a cluster node as the source, a cluster with uncovered slots, --from missing")
    func refusals() async throws {
        try await Self.withStandalone { source in
            try await withLocalServers(4) { servers in
                let masters = Array(servers.prefix(3).map(\.address))
                try await buildCluster(Array(servers.prefix(3)))
                _ = try await Self.fillSource(source, count: 100, prefix: "refused")
                let fromNode = await #expect(throws: TribError.self) {
                    try await withOperator(.testing) { try await $0.importKeys(into: masters[0], from: servers[3].address) }
                }
                #expect(fromNode?.code == .preconditionFailed && fromNode?.message.contains("is a cluster node") == true)

                let usage = try await TribProcess.run(["import", masters[0].description])
                #expect(usage.status == 2 && usage.err.contains("--from"), "\(usage.err)")

                try await withConnection(to: masters[2]) { try await $0.send("CLUSTER", "DELSLOTS", "16383") }
                let uncovered = await #expect(throws: TribError.self) {
                    try await withOperator(.testing) { try await $0.importKeys(into: masters[2], from: source) }
                }
                #expect(uncovered?.code == .preconditionFailed && uncovered?.message.contains("16383") == true, "\(String(describing: uncovered))")
                #expect(try await Self.size(source) == 100)
                #expect(try await masters.asyncMap { try await Self.size($0) }.reduce(0, +) == 0)
            }
        }
    }
}

/// The key counts of the progress events an import sent.
final class ProgressLog: Sendable {
    private let log = Mutex<[Int]>([])

    func add(_ keys: Int) { log.withLock { $0.append(keys) } }
    var values: [Int] { log.withLock { $0 } }
}
