import NIOCore
import RESP
import RedisTrib

/// The keys a benchmark run writes: how many, into which slots, and what each holds.
///
/// Key `k` lives in `slots[k % slots.count]` (a hash tag picks the slot) and holds a 100-byte
/// string, every `bigValueEvery`-th key a 10 KB string, and the first keys one hash, list, set
/// and sorted set each of `collectionSize` elements, in turn. Values are pseudo-random bytes,
/// so the LZF compression of `DUMP` payloads does not flatter tools that use `MIGRATE`.
struct Dataset: Sendable {
    /// What one key holds.
    enum Kind: Sendable {
        case smallString, bigString, hash, list, set, sortedSet
    }

    /// The slots that hold keys.
    var slots: [Int]
    /// The number of keys, collections included.
    var keyCount: Int
    /// How many keys of each collection kind.
    var collectionsPerKind = 2
    /// Elements per collection.
    var collectionSize = 10_000
    /// One string in this many is 10 KB.
    var bigValueEvery = 100

    static let smallValueSize = 100
    static let bigValueSize = 10 * 1024

    /// The slot of key `index`.
    func slot(of index: Int) -> Int {
        slots[index % slots.count]
    }

    /// The name of key `index`: `bench:{tag}:index`, the tag chosen so the key lands in its slot.
    func key(_ index: Int) -> ByteBuffer {
        ByteBuffer(string: "bench:{\(SlotTags.tag(for: slot(of: index)))}:\(index)")
    }

    /// What key `index` holds.
    func kind(of index: Int) -> Kind {
        let collections = 4 * collectionsPerKind
        if index < collections {
            return [Kind.hash, .list, .set, .sortedSet][index % 4]
        }
        return index % bigValueEvery == 0 ? .bigString : .smallString
    }

    /// The commands that write key `index`: one `SET`, or chunks of `HSET`/`RPUSH`/`SADD`/`ZADD`.
    func commands(for index: Int) -> [RedisCommand] {
        let key = key(index)
        let chunk = 1000
        switch kind(of: index) {
        case .smallString:
            return [RedisCommand(arguments: [Self.word("SET"), key, Self.randomValue(seed: index, size: Self.smallValueSize)])]
        case .bigString:
            return [RedisCommand(arguments: [Self.word("SET"), key, Self.randomValue(seed: index, size: Self.bigValueSize)])]
        case .hash, .list, .set, .sortedSet:
            return stride(from: 0, to: collectionSize, by: chunk).map { first in
                collectionCommand(index: index, key: key, elements: first..<min(collectionSize, first + chunk))
            }
        }
    }

    private func collectionCommand(index: Int, key: ByteBuffer, elements: Range<Int>) -> RedisCommand {
        var arguments: [ByteBuffer]
        switch kind(of: index) {
        case .hash:
            arguments = [Self.word("HSET"), key]
            for element in elements {
                arguments.append(ByteBuffer(string: "field:\(element)"))
                arguments.append(Self.randomValue(seed: index &* 1_000_003 &+ element, size: 16))
            }
        case .list:
            arguments = [Self.word("RPUSH"), key] + elements.map { element in Self.randomValue(seed: index &* 1_000_003 &+ element, size: 16) }
        case .set:
            arguments = [Self.word("SADD"), key] + elements.map { ByteBuffer(string: "member:\(index):\($0)") }
        case .sortedSet:
            arguments = [Self.word("ZADD"), key]
            for element in elements {
                arguments.append(ByteBuffer(string: String(element * 7 % 1009)))
                arguments.append(ByteBuffer(string: "member:\(index):\(element)"))
            }
        case .smallString, .bigString:
            arguments = []
        }
        return RedisCommand(arguments: arguments)
    }

    private static func word(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text)
    }

    /// `size` printable pseudo-random bytes, the same for the same seed.
    static func randomValue(seed: Int, size: Int) -> ByteBuffer {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        var remaining = size
        while remaining > 0 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            var word = state
            for _ in 0..<min(8, remaining) {
                buffer.writeInteger(UInt8(33 + word % 94))
                word >>= 8
            }
            remaining -= min(8, remaining)
        }
        return buffer
    }
}

/// For every slot, a short hash tag whose keys land in that slot.
enum SlotTags {
    private static let table: [String] = {
        var tags = [String?](repeating: nil, count: HashSlot.count)
        var missing = HashSlot.count
        var candidate = 0
        while missing > 0 {
            let text = String(candidate, radix: 36)
            let slot = Int(HashSlot.forKey(text).rawValue)
            if tags[slot] == nil {
                tags[slot] = text
                missing -= 1
            }
            candidate += 1
        }
        return tags.map { $0 ?? "" }
    }()

    /// The tag for `slot`.
    static func tag(for slot: Int) -> String {
        table[slot]
    }
}
