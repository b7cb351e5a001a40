extension HashSlot {
    /// The slot Redis Cluster stores `key` in: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384.
    ///
    /// The hash tag is the text between the first `{` and the first `}` after it; it counts only when
    /// it is not empty, so `{user1000}.following` and `{user1000}.followers` share a slot while `{}foo`
    /// hashes all of `{}foo`. This is the rule of Redis's `keyHashSlot`, byte for byte.
    public static func forKey(_ key: some Collection<UInt8>) -> HashSlot {
        let hashed = key.withContiguousStorageIfAvailable { bytes in
            slot(ofHashingPart: hashTagOrKey(bytes))
        }
        return hashed ?? slot(ofHashingPart: hashTagOrKey(Array(key)[...]))
    }

    /// The slot Redis Cluster stores `key` in, hashing its UTF-8 bytes; see the byte form of `forKey(_:)`.
    public static func forKey(_ key: String) -> HashSlot {
        var key = key
        return key.withUTF8 { forKey($0) }
    }

    private static func slot(ofHashingPart bytes: some Collection<UInt8>) -> HashSlot {
        HashSlot(uncheckedValue: CRC16.xmodem(bytes) & UInt16(HashSlot.count - 1))
    }

    /// The bytes inside the first non-empty `{…}`, or all of `key` when there is none.
    private static func hashTagOrKey<Bytes: Collection<UInt8>>(_ key: Bytes) -> Bytes.SubSequence {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
        let tagStart = key.index(after: open)
        guard let close = key[tagStart...].firstIndex(of: UInt8(ascii: "}")), close != tagStart else {
            return key[...]
        }
        return key[tagStart..<close]
    }
}

/// The CRC16 variant Redis Cluster hashes keys with: CCITT polynomial 0x1021, initial value 0,
/// no reflection, no final XOR (also called XMODEM). `"123456789"` gives 0x31C3.
public enum CRC16 {
    /// The checksum of `bytes`.
    public static func xmodem(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The CRC of every byte value, so that each input byte costs one lookup.
    private static let table: [UInt16] = (0...255).map { value in
        var crc = UInt16(value) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
