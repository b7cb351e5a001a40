import NIOCore
import RESP

/// A key ``ClusterOperator/bigKeys(on:count:scanLimit:timeLimit:)`` found, with its size.
public struct BigKey: Sendable, Hashable {
    /// The key, as text (bytes that are not UTF-8 shown as replacement characters).
    public var name: String
    /// What `MEMORY USAGE` says it takes, in bytes.
    public var bytes: Int
    /// Its hash slot, from its bytes.
    public var slot: HashSlot

    /// Makes one.
    public init(name: String, bytes: Int, slot: HashSlot) {
        self.name = name
        self.bytes = bytes
        self.slot = slot
    }
}

extension ClusterOperator {
    /// The `count` biggest keys of a node by `MEMORY USAGE`, biggest first, sampled with `SCAN`: at
    /// most `scanLimit` keys, for at most `timeLimit`. Keys are asked for by their bytes.
    public func bigKeys(on node: NodeAddress, count: Int, scanLimit: Int = 100_000, timeLimit: Duration = .seconds(2)) async throws(TribError)
        -> [BigKey]
    {
        let client = try await client(node)
        let deadline = ContinuousClock.now + timeLimit
        var cursor = "0"
        var biggest: [(key: ByteBuffer, bytes: Int)] = []
        var scanned = 0
        repeat {
            let reply = try await client.pipelineChecked([RedisCommand("SCAN", cursor, "COUNT", "1000")])[0]
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].string, let keys = parts[1].elements else {
                throw TribError(.unexpectedReply, "SCAN returned \(reply)", node: node)
            }
            cursor = next
            let names = keys.compactMap(\.bytes)
            scanned += names.count
            let usages = try await client.pipeline(
                names.map {
                    RedisCommand(arguments: [
                        ByteBuffer(string: "MEMORY"), ByteBuffer(string: "USAGE"), $0, ByteBuffer(string: "SAMPLES"), ByteBuffer(string: "0"),
                    ])
                })
            for (name, usage) in zip(names, usages) {
                if let bytes = usage.int { biggest.append((name, bytes)) }
            }
            biggest = Array(biggest.sorted { $0.bytes > $1.bytes }.prefix(count))
        } while cursor != "0" && scanned < scanLimit && ContinuousClock.now < deadline
        return biggest.map { BigKey(name: String(buffer: $0.key), bytes: $0.bytes, slot: HashSlot.forKey($0.key.readableBytesView)) }
    }
}
