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

/// What ``ClusterOperator/bigKeys(on:count:scanLimit:timeLimit:)`` found, and how much of the
/// node it read to find it.
public struct BigKeySample: Sendable, Hashable {
    /// The biggest keys read, biggest first.
    public var keys: [BigKey]
    /// How many keys were read (`MEMORY USAGE`).
    public var scannedKeys: Int
    /// How many keys the node held when the scan began (`DBSIZE`).
    public var totalKeys: Int
    /// Whether the scan read the whole keyspace; when not, a bigger key may be among the others.
    public var isComplete: Bool
    /// The most keys the scan would read: one of the two limits that stop it before the last key.
    public var scanLimit: Int
    /// The longest the scan would read: the other.
    public var timeLimit: Duration

    /// Makes one.
    public init(keys: [BigKey], scannedKeys: Int, totalKeys: Int, isComplete: Bool, scanLimit: Int, timeLimit: Duration) {
        self.keys = keys
        self.scannedKeys = scannedKeys
        self.totalKeys = totalKeys
        self.isComplete = isComplete
        self.scanLimit = scanLimit
        self.timeLimit = timeLimit
    }
}

extension ClusterOperator {
    /// Keys asked for in one round: the time limit and Ctrl-C are checked between rounds.
    static let bigKeysRound = 500

    /// The `count` biggest keys of a node by `MEMORY USAGE`, biggest first, sampled with `SCAN`: at
    /// most `scanLimit` keys, for at most `timeLimit` (checked between rounds of ``bigKeysRound`` keys).
    ///
    /// `MEMORY USAGE` samples 5 elements of an aggregate (the server's default, as redis-cli's
    /// `--memkeys` does), so a big set or hash costs the server no more than a small one: reading
    /// every element would block it for as long as the value is long. A replica is read too: each
    /// round is sent between `READONLY` and `READWRITE`, so the pooled connection is left as it was.
    /// A key the node does not serve (`MOVED` or `ASK`: a slot being imported or migrated away)
    /// is skipped, as is one gone since the `SCAN`. Keys are asked for by their bytes.
    /// - Throws: ``TribError`` `.nodeError` when the node refuses `MEMORY USAGE` otherwise
    ///   (`NOPERM`), `.cancelled` on Ctrl-C.
    public func bigKeys(on node: NodeAddress, count: Int, scanLimit: Int = 100_000, timeLimit: Duration = .seconds(2)) async throws(TribError)
        -> BigKeySample
    {
        let client = try await client(node)
        let deadline = ContinuousClock.now + timeLimit
        // No more can be kept than can be read (and `count * 4` below must not overflow).
        let count = min(max(count, 1), scanLimit)
        let start = try await client.pipelineChecked([RedisCommand("DBSIZE")])
        guard let total = start[0].int else {
            throw TribError(.unexpectedReply, "DBSIZE returned \(start[0])", node: node)
        }
        var cursor = "0"
        var biggest: [(key: ByteBuffer, bytes: Int)] = []
        var scanned = 0
        repeat {
            try checkCancellation()
            let reply = try await client.pipelineChecked([RedisCommand("SCAN", cursor, "COUNT", String(Self.bigKeysRound))])[0]
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].string, let keys = parts[1].elements else {
                throw TribError(.unexpectedReply, "SCAN returned \(reply)", node: node)
            }
            cursor = next
            let names = keys.compactMap(\.bytes)
            // READONLY answers OK on a master and lets a replica serve the reads; READWRITE undoes it.
            let usages = try await client.pipeline(
                [RedisCommand("READONLY")]
                    + names.map { RedisCommand(arguments: [ByteBuffer(string: "MEMORY"), ByteBuffer(string: "USAGE"), $0]) }
                    + [RedisCommand("READWRITE")]
            ).dropFirst().dropLast()
            for (name, usage) in zip(names, usages) {
                if usage.isError {
                    let text = usage.string ?? "an error"
                    // A key of a slot this node does not serve now.
                    if text.hasPrefix("MOVED ") || text.hasPrefix("ASK ") { continue }
                    throw TribError(.nodeError, "MEMORY USAGE failed: \(text)", node: node)
                }
                // nil: the key expired or was deleted since the SCAN.
                if let bytes = usage.int { biggest.append((name, bytes)) }
            }
            scanned += names.count
            if biggest.count > count * 4 {
                biggest = Array(biggest.sorted { $0.bytes > $1.bytes }.prefix(count))
            }
        } while cursor != "0" && scanned < scanLimit && ContinuousClock.now < deadline
        let keys = biggest.sorted { $0.bytes > $1.bytes }.prefix(count).map {
            BigKey(name: String(buffer: $0.key), bytes: $0.bytes, slot: HashSlot.forKey($0.key.readableBytesView))
        }
        return BigKeySample(
            keys: keys, scannedKeys: scanned, totalKeys: total, isComplete: cursor == "0", scanLimit: scanLimit, timeLimit: timeLimit)
    }
}
