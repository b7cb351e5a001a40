/// The CRC-64 Redis and Valkey put at the end of an RDB file: the Jones polynomial
/// (`0xad93d23594c935a9`), reflected, starting from 0, with no final XOR.
///
/// `CRC64.checksum("123456789".utf8) == 0xe9c6d914c4b8d9ca`.
public struct CRC64: Sendable, Hashable {
    /// The checksum of the bytes given so far.
    public private(set) var value: UInt64 = 0

    /// A checksum of no bytes (0).
    public init() {}

    /// Adds bytes to the checksum.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = value
        let table = Self.table
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            for byte in buffer {
                crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
            }
        }
        if done == nil {
            for byte in bytes {
                crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
            }
        }
        value = crc
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var crc = CRC64()
        crc.update(bytes)
        return crc.value
    }

    /// The Jones polynomial with its bits reversed, as a reflected CRC shifts right.
    private static let reflectedPolynomial: UInt64 = 0x95ac_9329_ac4b_c9b5

    /// The CRC of each byte value, for a byte at a time.
    private static let table: [UInt64] = (0..<256).map { index in
        var crc = UInt64(index)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1
        }
        return crc
    }
}
