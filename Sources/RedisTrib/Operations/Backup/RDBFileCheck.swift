import Foundation

/// What checking an RDB file found: its format and its checksum, which matched.
///
/// An RDB file starts with a magic word and a version (`REDIS0010`, or Valkey 9's `VALKEY080`)
/// and ends with the `EOF` opcode (`0xFF`) and the CRC-64 (``CRC64``) of everything before it,
/// little endian; a checksum of 0 means the server wrote none (`rdbchecksum no`).
public struct RDBFileCheck: Sendable, Hashable {
    /// The magic word: `REDIS` or `VALKEY`.
    public var magic: String
    /// The format version after it (10 for Redis 7.0, 80 for Valkey 9).
    public var version: Int
    /// The file's size in bytes.
    public var size: Int
    /// The checksum the file ends with; 0 when the server writes none.
    public var checksum: UInt64

    /// Whether the file carries a checksum (it did, and it matched).
    public var isChecksummed: Bool { checksum != 0 }

    /// The header as the file has it: `REDIS0010`.
    public var header: String { magic + String(format: magic == "REDIS" ? "%04d" : "%03d", version) }

    /// The magic words accepted, each with the number of digits of its version.
    static let formats: [(magic: String, digits: Int)] = [("REDIS", 4), ("VALKEY", 3)]
    /// The bytes of the longest header.
    static let headerLength = 9
    /// The bytes after the payload: the `EOF` opcode and the checksum.
    static let trailerLength = 9
    /// The `EOF` opcode that ends the payload.
    static let endOpcode: UInt8 = 0xFF

    /// Reads the magic word and version at the start of `bytes`.
    ///
    /// - Throws: ``TribError`` `.unexpectedReply` naming what the file starts with instead.
    public static func header(of bytes: some Collection<UInt8>) throws(TribError) -> (magic: String, version: Int) {
        let head = Array(bytes.prefix(headerLength))
        for format in formats {
            let magic = Array(format.magic.utf8)
            guard head.count >= magic.count + format.digits, head.starts(with: magic) else { continue }
            let digits = head[magic.count..<magic.count + format.digits]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let version = Int(String(decoding: digits, as: UTF8.self))
            else { continue }
            return (format.magic, version)
        }
        let shown = head.map { (0x20...0x7e).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
        throw TribError(.unexpectedReply, "not an RDB file: it starts with '\(shown)', not REDIS and 4 digits or VALKEY and 3 digits")
    }

    /// Checks the RDB file at `path`: its header, the `EOF` opcode, and its checksum over
    /// everything before the last 8 bytes (unless the checksum is 0).
    ///
    /// - Throws: ``TribError`` `.unexpectedReply` naming the file and what is wrong with it, or
    ///   `.invalidArgument` when it cannot be read.
    public static func verify(path: String) throws(TribError) -> RDBFileCheck {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw TribError(.invalidArgument, "cannot read \(path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var crc = CRC64()
        // The last 9 bytes read, held back until more come: the checksum is not part of what it sums.
        var held: [UInt8] = []
        var head: [UInt8] = []
        var size = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                size += chunk.count
                if head.count < headerLength {
                    head += chunk.prefix(headerLength - head.count)
                }
                held += chunk
                if held.count > trailerLength {
                    crc.update(held[..<(held.count - trailerLength)])
                    held.removeFirst(held.count - trailerLength)
                }
            }
        } catch {
            throw TribError(.invalidArgument, "cannot read \(path): \(error.localizedDescription)")
        }
        let header: (magic: String, version: Int)
        do {
            header = try Self.header(of: head)
        } catch {
            throw TribError(.unexpectedReply, "\(path): \(error.message)")
        }
        guard size >= headerLength + trailerLength, held.count == trailerLength else {
            throw TribError(.unexpectedReply, "\(path): \(size) bytes is too short for an RDB file (cut short?)")
        }
        guard held[0] == endOpcode else {
            throw TribError(.unexpectedReply, "\(path): no EOF opcode (0xFF) before the checksum: the file is cut short or corrupt")
        }
        crc.update(held[0..<1])
        let stored = held[1...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if stored != 0, stored != crc.value {
            throw TribError(
                .unexpectedReply,
                "\(path): checksum mismatch: the file says \(hex(stored)), its contents sum to \(hex(crc.value)) (corrupt or cut short)")
        }
        return RDBFileCheck(magic: header.magic, version: header.version, size: size, checksum: stored)
    }

    /// `0x` and 16 hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
