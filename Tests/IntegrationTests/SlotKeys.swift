import NIOCore
import RESP
import RedisTrib
import TribCommands

/// Keys made to land in chosen slots (by a hash tag found for each slot), with binary bytes in
/// them, and their values: written before a move, checked after it.
struct SlotKeys {
    /// Every key with its value.
    var values: [ByteBuffer: ByteBuffer] = [:]

    /// `perSlot` keys in each slot; keys carry `\xff`, `\r\n`, spaces and braces after their tag.
    init(slots: SlotSet, perSlot: Int, valueSize: Int = 32) {
        for slot in slots {
            let tag = Self.tag(for: slot)
            for index in 0..<perSlot {
                var key = ByteBuffer(string: "{\(tag)}")
                key.writeBytes([0xFF, 0x0D, 0x0A, 0x20, UInt8(ascii: "{"), UInt8(ascii: "}")])
                key.writeString("k\(index)")
                var value = ByteBuffer(string: "v\(slot.rawValue).\(index)|")
                value.writeBytes((0..<max(0, valueSize - 12)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
                values[key] = value
            }
        }
    }

    /// Keys and values made elsewhere, to write and check the same way.
    init(values: [ByteBuffer: ByteBuffer]) {
        self.values = values
    }

    /// A hash tag whose keys fall in `slot`.
    static func tag(for slot: HashSlot) -> String {
        var candidate = 0
        while true {
            let tag = "t\(candidate)"
            if HashSlot.forKey(tag) == slot { return tag }
            candidate += 1
        }
    }

    /// Writes every key on `node` (its slots' owner), in pipelines of at most 5000 keys, cut after
    /// about 4 MB of keys and values so that big values do not outlast the command timeout.
    func write(to node: NodeAddress, options: ConnectionOptions = ConnectionOptions()) async throws {
        let connection = try await RedisConnection.connect(to: node, options: options)
        defer { Task { await connection.close() } }
        var pipelines: [[RedisCommand]] = []
        var bytes = 0
        for (key, value) in values {
            if pipelines.isEmpty || pipelines[pipelines.count - 1].count == 5000 || bytes >= 4 << 20 {
                pipelines.append([])
                bytes = 0
            }
            pipelines[pipelines.count - 1].append(RedisCommand(arguments: [ByteBuffer(string: "SET"), key, value]))
            bytes += key.readableBytes + value.readableBytes
        }
        for commands in pipelines {
            let replies = try await connection.pipeline(commands)
            for reply in replies where reply.string != "OK" {
                throw TribError(.unexpectedReply, "SET failed on \(node): \(reply)")
            }
        }
    }

    /// Keys that are not on `node` with their value (missing or different), read with `ASKING`-free GETs
    /// (with a 60 s command timeout by default: a batch of big values takes its time on 2 loaded cores).
    func missing(on node: NodeAddress, options: ConnectionOptions = ConnectionOptions(commandTimeout: 60)) async throws -> [ByteBuffer] {
        let connection = try await RedisConnection.connect(to: node, options: options)
        defer { Task { await connection.close() } }
        let keys = Array(values.keys)
        var missing: [ByteBuffer] = []
        for start in stride(from: 0, to: keys.count, by: 5000) {
            let chunk = Array(keys[start..<min(keys.count, start + 5000)])
            let replies = try await connection.pipeline(chunk.map { RedisCommand(arguments: [ByteBuffer(string: "GET"), $0]) })
            for (key, reply) in zip(chunk, replies) where reply != .bulkString(values[key] ?? ByteBuffer()) {
                missing.append(key)
            }
        }
        return missing
    }
}

/// Writes one key of `bytes` bytes (`x`s) in `slot`, on `node` (its owner), and returns its name.
func writeBigKey(in slot: HashSlot, bytes: Int, to node: NodeAddress) async throws -> String {
    let name = "{\(SlotKeys.tag(for: slot))}big"
    try await withConnection(to: node) { connection in
        var value = ByteBuffer()
        value.writeRepeatingByte(UInt8(ascii: "x"), count: bytes)
        _ = try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "SET"), ByteBuffer(string: name), value]))
    }
    return name
}

/// The total number of keys on some nodes (DBSIZE summed).
func totalKeys(_ nodes: [NodeAddress], options: ConnectionOptions = ConnectionOptions()) async throws -> Int {
    var total = 0
    for node in nodes {
        let connection = try await RedisConnection.connect(to: node, options: options)
        let size = try await connection.send("DBSIZE").int ?? -1
        await connection.close()
        total += size
    }
    return total
}

/// The node's own CLUSTER NODES line, parsed.
func ownView(_ node: NodeAddress) async throws -> ClusterNode? {
    let connection = try await RedisConnection.connect(to: node)
    let text = try await connection.send("CLUSTER", "NODES").string ?? ""
    await connection.close()
    return try ClusterTopology(parsing: text).myself
}

/// Builds a cluster of fresh servers with `start_multi` (slots shared evenly, in order).
func buildCluster(_ servers: [LocalServer]) async throws {
    try await withOperator(.testing) { try await $0.startMulti(servers.map(\.address)) }
}

/// Builds a cluster of fresh servers with `start_multi`, runs `body` with the operator that built
/// it, and closes the operator whether `body` returns or throws.
func withCluster(_ servers: [LocalServer], _ body: (ClusterOperator) async throws -> Void) async throws {
    try await withOperator(.testing) { trib in
        try await trib.startMulti(servers.map(\.address))
        try await body(trib)
    }
}
