import Testing

@testable import RedisTrib

@Suite("Key slots")
struct KeySlotTests {
    @Test("CRC16/XMODEM check values")
    func crc16() {
        #expect(CRC16.xmodem(Array("123456789".utf8)) == 0x31C3)
        #expect(CRC16.xmodem([UInt8]()) == 0)
        #expect(CRC16.xmodem([0x00]) == 0)
        #expect(CRC16.xmodem([0xFF]) == 0x1EF0)
    }

    /// Keys and the slot `CLUSTER KEYSLOT` of Redis 7.0.15 gave for them.
    static let keysAndSlots: [(key: [UInt8], slot: Int)] = [
        (Array("foo".utf8), 12182),
        (Array("bar".utf8), 5061),
        (Array("hello".utf8), 866),
        (Array("a".utf8), 15495),
        (Array("123456789".utf8), 12739),
        (Array("{user1000}.following".utf8), 3443),
        (Array("{user1000}.followers".utf8), 3443),
        (Array("user1000".utf8), 3443),
        // An empty tag does not count: the whole key is hashed.
        (Array("{}foo".utf8), 9500),
        (Array("foo{}{bar}".utf8), 8363),
        // The tag ends at the first } after the first {.
        (Array("foo{{bar}}zap".utf8), 4015),
        (Array("{{bar}}".utf8), 4015),
        (Array("{bar".utf8), 4015),
        (Array("bar}".utf8), 6624),
        (Array("foo{bar}{zap}".utf8), 5061),
        (Array("{bar}".utf8), 5061),
        (Array("}{bar}".utf8), 5061),
        (Array("{a}{b}".utf8), 15495),
        (Array("x{a}".utf8), 15495),
        // Binary keys.
        ([0x61, 0xFF, 0x62], 9024),
        ([0xFF], 7920),
        ([0x00], 0),
        (Array("key\r\nwith crlf".utf8), 9003),
        (Array("key with spaces".utf8), 13638),
        ([0x7B, 0xFF, 0x00, 0x7D] + Array("tail".utf8), 1023),
        ([0xFF, 0x00], 1023),
        (Array(" ".utf8), 9314),
        (Array("{ }x".utf8), 9314),
        (Array("é".utf8), 10180),
    ]

    @Test("slots match CLUSTER KEYSLOT", arguments: keysAndSlots.indices)
    func matchesRedis(index: Int) {
        let (key, slot) = Self.keysAndSlots[index]
        #expect(HashSlot.forKey(key).intValue == slot)
        #expect(HashSlot.forKey(key[...]).intValue == slot)
        #expect(HashSlot.forKey(ContiguousArray(key)).intValue == slot)
        // A collection without contiguous storage takes the other path.
        #expect(HashSlot.forKey(key.lazy.map { $0 }).intValue == slot)
    }

    @Test("the String overload hashes the UTF-8 bytes")
    func strings() {
        #expect(HashSlot.forKey("foo").intValue == 12182)
        #expect(HashSlot.forKey("{user1000}.following") == HashSlot.forKey("{user1000}.followers"))
        #expect(HashSlot.forKey("{}foo") != HashSlot.forKey("foo"))
        #expect(HashSlot.forKey("é").intValue == 10180)
        #expect(HashSlot.forKey("").intValue == 0)
        let bridged = "prefix-é-suffix".split(separator: "-")[1]
        #expect(HashSlot.forKey(String(bridged)).intValue == 10180)
    }
}
