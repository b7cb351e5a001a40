import NIOCore
import RESP

/// Compares the values of keys that exist on two nodes, to decide whether a `BUSYKEY` can be
/// resolved by replacing (the values are equal) or must stop the move (they differ).
struct KeyComparison: Sendable {
    let source: NodeClient
    let target: NodeClient
    /// Whether the source serves the keys only after `ASKING` (it imports their slot, ``SlotMove/sourceImports``).
    var sourceAsking = false

    /// The keys whose values differ between source and target.
    func differing(_ keys: [ByteBuffer]) async throws(TribError) -> [ByteBuffer] {
        let sourceDumps = try await dumps(keys, on: source, asking: sourceAsking)
        let targetDumps = try await dumps(keys, on: target, asking: true)
        var different: [ByteBuffer] = []
        for (index, key) in keys.enumerated() where sourceDumps[index] != targetDumps[index] {
            // Equal values can serialise differently (another encoding); compare the contents.
            let left = try await contents(of: key, on: source, asking: sourceAsking)
            let right = try await contents(of: key, on: target, asking: true)
            if left == nil || left != right {
                different.append(key)
            }
        }
        return different
    }

    private func dumps(_ keys: [ByteBuffer], on node: NodeClient, asking: Bool) async throws(TribError) -> [RESPValue] {
        var commands: [RedisCommand] = []
        for key in keys {
            if asking { commands.append(RedisCommand("ASKING")) }
            commands.append(RedisCommand(arguments: [ByteBuffer(string: "DUMP"), key]))
        }
        let replies = try await node.pipelineChecked(commands)
        return asking ? stride(from: 1, to: replies.count, by: 2).map { replies[$0] } : replies
    }

    /// The type and a canonical form of a key's value; `nil` for types not compared by content.
    private func contents(of key: ByteBuffer, on node: NodeClient, asking: Bool) async throws(TribError) -> [RESPValue]? {
        func run(_ name: String, _ extra: [String] = []) async throws(TribError) -> RESPValue {
            var commands: [RedisCommand] = []
            if asking { commands.append(RedisCommand("ASKING")) }
            commands.append(RedisCommand(arguments: [ByteBuffer(string: name), key] + extra.map { ByteBuffer(string: $0) }))
            let replies = try await node.pipelineChecked(commands)
            return replies[replies.count - 1]
        }
        let type = try await run("TYPE").string ?? ""
        let value: RESPValue
        switch type {
        case "string": value = try await run("GET")
        case "list": value = try await run("LRANGE", ["0", "-1"])
        case "hash": value = Self.sorted(try await run("HGETALL"), pairs: true)
        case "set": value = Self.sorted(try await run("SMEMBERS"), pairs: false)
        case "zset": value = try await run("ZRANGE", ["0", "-1", "WITHSCORES"])
        default: return nil
        }
        return [.simpleString(ByteBuffer(string: type)), value]
    }

    private static func sorted(_ reply: RESPValue, pairs: Bool) -> RESPValue {
        let elements = reply.elements ?? []
        func bytes(_ value: RESPValue) -> [UInt8] { Array(value.bytes?.readableBytesView ?? ByteBuffer().readableBytesView) }
        if pairs {
            let grouped = stride(from: 0, to: elements.count - 1, by: 2).map { [elements[$0], elements[$0 + 1]] }
            return .array(grouped.sorted { bytes($0[0]).lexicographicallyPrecedes(bytes($1[0])) }.flatMap { $0 })
        }
        return .array(elements.sorted { bytes($0).lexicographicallyPrecedes(bytes($1)) })
    }
}
