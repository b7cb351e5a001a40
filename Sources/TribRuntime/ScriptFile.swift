#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a script file (`redis-trib run FILE`, `source FILE`) in bounded memory.
///
/// `String(contentsOfFile:)` reads whatever it is given to the end: `/dev/zero` until memory
/// runs out. This refuses a directory and stops after ``maximumBytes``.
public enum ScriptFile {
    /// The largest script read, in bytes (16 MiB).
    public static let maximumBytes = 16 << 20

    /// Why a script file could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The reason, without the path: `no such file`, `it is a directory`.
        public var description: String
    }

    /// The text of the file at `path` (invalid UTF-8 repaired).
    ///
    /// - Throws: ``ReadError`` when it cannot be opened or read, is a directory, or is larger
    ///   than ``maximumBytes``.
    public static func read(_ path: String) throws(ReadError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError(description: reason(errno)) }
        defer { _ = close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(description: "it is a directory")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                #else
                Darwin.read(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: reason(errno))
            }
            bytes += chunk[..<count]
            if bytes.count > maximumBytes {
                throw ReadError(description: "it is larger than \(maximumBytes >> 20) MiB")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(code))
        }
    }
}
