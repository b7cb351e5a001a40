import Foundation
import NIOCore
import RESP

/// Fetches a node's RDB over the replication protocol, as `redis-cli --rdb` does: `REPLCONF
/// rdb-only 1` (the node then ends the connection after the snapshot; refused by servers before
/// 7.0, which still send it), then `SYNC`. The node answers with newlines while it prepares the
/// snapshot, then `$<length>` and that many bytes, or, when it streams the snapshot without a
/// file (diskless), `$EOF:<40 bytes>`, the bytes, and the same 40 bytes again.
struct SnapshotDownload: Sendable {
    /// The node to fetch from.
    let address: NodeAddress
    let options: ConnectionOptions
    /// Seconds the node may send nothing (it sends a newline every second while it prepares).
    let readTimeout: Double

    /// The length of the end marker of a diskless snapshot.
    static let markerLength = 40
    /// The bytes written to the file at most per write.
    static let chunkSize = 1 << 20

    /// Writes the snapshot to `path` (created, or truncated) and returns its size in bytes.
    ///
    /// - Throws: ``TribError`` naming the node: refused, cut short, a malformed header, or a file that cannot be written.
    func fetch(into path: String) async throws(TribError) -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw TribError(.invalidArgument, "cannot create \(path)", node: address)
        }
        defer { try? file.close() }
        let address = self.address
        do {
            let size = try await RedisConnection.withByteStream(to: address, options: options, readTimeout: readTimeout) { stream in
                try await stream.send(RedisCommand("REPLCONF", "rdb-only", "1"))
                // An older server refuses rdb-only and sends the snapshot all the same.
                _ = try await stream.readLine()
                try await stream.send(RedisCommand("SYNC"))
                var header = ""
                while header.isEmpty {
                    header = try await stream.readLine()
                }
                if header.hasPrefix("-") {
                    throw TribError(.nodeError, "SYNC refused: \(header.dropFirst())", node: address)
                }
                guard header.hasPrefix("$") else {
                    throw TribError(.unexpectedReply, "SYNC answered '\(header.prefix(80))', not $<length> or $EOF:<marker>", node: address)
                }
                if header.hasPrefix("$EOF:") {
                    let marker = Array(header.utf8.dropFirst(5))
                    guard marker.count == Self.markerLength else {
                        throw TribError(.unexpectedReply, "SYNC's end marker has \(marker.count) bytes, not \(Self.markerLength)", node: address)
                    }
                    return try await Self.copyUntil(marker: marker, from: &stream, to: file, address: address)
                }
                guard let length = Int(header.dropFirst()), length >= 0 else {
                    throw TribError(.unexpectedReply, "SYNC answered '\(header.prefix(80))', not $<length>", node: address)
                }
                return try await Self.copy(length, from: &stream, to: file, address: address)
            }
            try file.synchronize()
            return size
        } catch let error as TribError {
            throw error
        } catch {
            throw TribError(converting: error, node: address)
        }
    }

    /// Copies exactly `length` bytes.
    private static func copy(_ length: Int, from stream: inout ByteStream, to file: FileHandle, address: NodeAddress) async throws -> Int {
        var left = length
        while left > 0 {
            guard let chunk = try await stream.read(atMost: min(left, chunkSize)) else {
                throw TribError(.nodeError, "the snapshot ended after \(length - left) of \(length) bytes", node: address)
            }
            try file.write(contentsOf: Data(chunk.readableBytesView))
            left -= chunk.readableBytes
        }
        return length
    }

    /// Copies bytes until the stream ends with `marker`, which is not copied.
    private static func copyUntil(marker: [UInt8], from stream: inout ByteStream, to file: FileHandle, address: NodeAddress) async throws -> Int {
        // The last bytes received, not written yet: they may be the start of the marker.
        var held: [UInt8] = []
        var written = 0
        while true {
            guard let chunk = try await stream.read(atMost: chunkSize) else {
                throw TribError(.nodeError, "the snapshot ended after \(written + held.count) bytes without its end marker", node: address)
            }
            held += chunk.readableBytesView
            if held.count >= marker.count, held[(held.count - marker.count)...].elementsEqual(marker) {
                let payload = held[..<(held.count - marker.count)]
                try file.write(contentsOf: Data(payload))
                return written + payload.count
            }
            if held.count > marker.count {
                let ready = held.count - marker.count
                try file.write(contentsOf: Data(held[..<ready]))
                written += ready
                held.removeFirst(ready)
            }
        }
    }
}
