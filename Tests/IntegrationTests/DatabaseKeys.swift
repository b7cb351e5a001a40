import NIOCore
import RESP
import RedisTrib
import Testing

// Keys in one database of a node, for the servers that keep several (Valkey's `cluster-databases`).

/// Writes every key in `database` of `node`.
func writeKeys(_ keys: SlotKeys, to node: NodeAddress, database: Int) async throws {
    try await withConnection(to: node) { connection in
        try await connection.send("SELECT", String(database))
        let replies = try await connection.pipeline(keys.values.map { RedisCommand(arguments: [ByteBuffer(string: "SET"), $0.key, $0.value]) })
        #expect(replies.allSatisfy { $0.string == "OK" })
    }
}

/// The keys of `slots` in `database` of `node`.
func slotKeyCounts(_ slots: SlotSet, on node: NodeAddress, database: Int) async throws -> Int {
    var total = 0
    try await withConnection(to: node) { connection in
        try await connection.send("SELECT", String(database))
        for slot in slots {
            total += try await connection.send("CLUSTER", "COUNTKEYSINSLOT", String(slot.rawValue)).int ?? 0
        }
    }
    return total
}

/// Whether every key has its value in `database` of `node`.
func valuesMatch(_ keys: SlotKeys, on node: NodeAddress, database: Int) async throws -> Bool {
    var matches = true
    try await withConnection(to: node) { connection in
        try await connection.send("SELECT", String(database))
        let entries = Array(keys.values)
        let replies = try await connection.pipeline(entries.map { RedisCommand(arguments: [ByteBuffer(string: "GET"), $0.key]) })
        matches = zip(entries, replies).allSatisfy { $0.0.value == $0.1.bytes }
    }
    return matches
}
