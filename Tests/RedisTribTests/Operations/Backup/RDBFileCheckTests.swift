import Foundation
import Testing

@testable import RedisTrib

/// The checksum and header check `backup` runs on every RDB file it writes.
struct RDBFileCheckTests {
    @Test("CRC-64/Jones of the standard vector, of nothing, and of bytes given in pieces")
    func crc64Vectors() {
        #expect(CRC64.checksum(Array("123456789".utf8)) == 0xe9c6_d914_c4b8_d9ca)
        #expect(CRC64.checksum([UInt8]()) == 0)
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(CRC64.checksum(random) == Self.bitwiseCRC64(random))
        var pieces = CRC64()
        pieces.update(Array("1234".utf8))
        pieces.update("56789".utf8)
        #expect(pieces.value == 0xe9c6_d914_c4b8_d9ca)
    }

    /// The CRC bit by bit from the Jones polynomial as published (not reversed): each byte's bits
    /// reflected in, the result reflected out; the table-driven ``CRC64`` must agree with it.
    static func bitwiseCRC64(_ bytes: [UInt8]) -> UInt64 {
        let polynomial: UInt64 = 0xad93_d235_94c9_35a9
        var crc: UInt64 = 0
        for byte in bytes {
            for bit in 0..<8 {
                let top = (crc >> 63) ^ UInt64((byte >> bit) & 1)
                crc <<= 1
                if top == 1 { crc ^= polynomial }
            }
        }
        var reflected: UInt64 = 0
        for bit in 0..<64 where crc & (1 << UInt64(bit)) != 0 {
            reflected |= 1 << UInt64(63 - bit)
        }
        return reflected
    }

    @Test(
        "the header: REDIS and 4 digits, VALKEY and 3 digits; anything else is refused, naming what the file starts with",
        arguments: [("REDIS0010", "REDIS", 10), ("REDIS0009", "REDIS", 9), ("VALKEY080", "VALKEY", 80)]
    )
    func headers(text: String, magic: String, version: Int) throws {
        let header = try RDBFileCheck.header(of: Array((text + "\u{FA}rest").utf8))
        #expect(header.magic == magic && header.version == version)
    }

    @Test("not an RDB header", arguments: ["REDIS", "REDIS00x0", "KEYDB0010", "", "VALKEY8"])
    func badHeaders(text: String) {
        #expect(throws: TribError.self) { try RDBFileCheck.header(of: Array(text.utf8)) }
    }

    /// A small RDB file: header, an aux field, `EOF`, and the checksum (or 0).
    static func file(magic: String = "REDIS0010", checksummed: Bool = true) -> [UInt8] {
        var bytes = Array(magic.utf8) + [0xFA, 0x05] + Array("hello".utf8) + [0x05] + Array("world".utf8) + [0xFF]
        let crc = checksummed ? CRC64.checksum(bytes) : 0
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: crc >> (8 * UInt64($0))) }
        return bytes
    }

    static func written(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rdb-check-\(UUID().uuidString).rdb").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a sound file passes, with its format, size and checksum; a checksum of 0 (rdbchecksum no) passes unchecked")
    func soundFiles() throws {
        for (bytes, magic) in [(Self.file(), "REDIS"), (Self.file(magic: "VALKEY080"), "VALKEY")] {
            let path = try Self.written(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let check = try RDBFileCheck.verify(path: path)
            #expect(check.magic == magic && check.size == bytes.count && check.isChecksummed)
            #expect(check.checksum == CRC64.checksum(bytes.dropLast(8)))
        }
        let path = try Self.written(Self.file(checksummed: false))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try !RDBFileCheck.verify(path: path).isChecksummed)
    }

    @Test("a corrupted byte, a cut file, a missing EOF opcode and a foreign header are each caught, naming the file")
    func corruptFiles() throws {
        var flipped = Self.file()
        flipped[12] ^= 0x01
        var noEOF = Self.file(checksummed: false)
        noEOF[noEOF.count - 9] = 0x00
        let cases: [([UInt8], String)] = [
            (flipped, "checksum mismatch"), (Array(Self.file().dropLast(3)), "no EOF opcode"), (Array(Self.file().prefix(10)), "too short"),
            (noEOF, "no EOF opcode"), (Array("KEYDB0010".utf8) + Self.file().dropFirst(9), "not an RDB file"),
        ]
        for (bytes, expected) in cases {
            let path = try Self.written(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let error = #expect(throws: TribError.self) { try RDBFileCheck.verify(path: path) }
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error") does not say \(expected)")
            #expect(error?.message.contains(path) == true)
        }
    }
}
