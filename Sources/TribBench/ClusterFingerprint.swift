import NIOCore
import RESP
import RedisTrib

/// Every key of a cluster summed up: how many, where, and a checksum of names and values.
///
/// The checksum adds and XORs, per key, a 64-bit FNV-1a hash of the key's name and of the
/// server's `DEBUG DIGEST-VALUE` of its value, a digest of the value's content that does not
/// depend on its encoding; so two fingerprints have the same content (`sameContent(as:)`) when
/// the same keys hold the same values, wherever the keys are.
struct ClusterFingerprint: Sendable {
    /// All keys.
    var keyCount = 0
    /// Sum of the per-key hashes, modulo 2^64.
    var sum: UInt64 = 0
    /// XOR of the per-key hashes.
    var xor: UInt64 = 0
    /// Keys found on a master that does not own their slot.
    var misplaced = 0
    /// Keys per master, by node id.
    var keysPerMaster: [String: Int] = [:]

    /// Whether both hold the same keys with the same values.
    func sameContent(as other: ClusterFingerprint) -> Bool {
        keyCount == other.keyCount && sum == other.sum && xor == other.xor
    }

    /// Scans every master of `ownership`, all at once.
    ///
    /// - Throws: `BenchError` or a connection failure.
    static func take(_ ownership: SlotOwnership) async throws -> ClusterFingerprint {
        try await withThrowingTaskGroup(of: ClusterFingerprint.self) { group in
            for (id, address) in ownership.masters {
                group.addTask {
                    try await scan(master: address, id: id, ownership: ownership)
                }
            }
            var total = ClusterFingerprint()
            for try await part in group {
                total.keyCount += part.keyCount
                total.sum &+= part.sum
                total.xor ^= part.xor
                total.misplaced += part.misplaced
                total.keysPerMaster.merge(part.keysPerMaster) { $0 + $1 }
            }
            return total
        }
    }

    private static func scan(master: NodeAddress, id: String, ownership: SlotOwnership) async throws -> ClusterFingerprint {
        let connection = try await RedisConnection.connect(to: master, options: ConnectionOptions(commandTimeout: 60))
        do {
            let part = try await scan(connection, id: id, ownership: ownership)
            await connection.close()
            return part
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func scan(_ connection: RedisConnection, id: String, ownership: SlotOwnership) async throws -> ClusterFingerprint {
        var part = ClusterFingerprint()
        var cursor = "0"
        repeat {
            let page = try await connection.send("SCAN", cursor, "COUNT", "2000").elements ?? []
            // The load client's keys change during a run: they are checked on their own (`LoadClient.lostWrites`).
            guard page.count == 2, let next = page[0].string, let keys = page[1].elements?.compactMap(\.bytes).filter({ !LoadKeys.isLoadKey($0) }) else {
                throw BenchError("\(connection.address): unexpected SCAN reply")
            }
            cursor = next
            guard !keys.isEmpty else { continue }
            let digests = try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "DEBUG"), ByteBuffer(string: "DIGEST-VALUE")] + keys))
            guard let values = digests.elements?.compactMap(\.bytes), values.count == keys.count else {
                throw BenchError("\(connection.address): unexpected DEBUG DIGEST-VALUE reply")
            }
            for (key, digest) in zip(keys, values) {
                let hash = fnv1a(digest.readableBytesView, seed: fnv1a(key.readableBytesView, seed: 0xcbf2_9ce4_8422_2325))
                part.keyCount += 1
                part.sum &+= hash
                part.xor ^= hash
                if ownership.ownerIDs[Int(HashSlot.forKey(key.readableBytesView).rawValue)] != id {
                    part.misplaced += 1
                }
            }
        } while cursor != "0"
        part.keysPerMaster[id] = part.keyCount
        return part
    }

    private static func fnv1a(_ bytes: some Sequence<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        // A separator, so "ab"+"c" and "a"+"bc" differ.
        hash ^= 0xFF
        hash &*= 0x0000_0100_0000_01B3
        return hash
    }
}
