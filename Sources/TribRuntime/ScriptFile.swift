import RESP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a script file (`redis-trib run FILE`, `source FILE`) in bounded memory
/// (``RESP/BoundedFile``): any file but a directory, so that `run <(…)` reads a pipe, up to
/// ``maximumBytes``.
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
        do {
            return try BoundedFile.read(path: path, maximumBytes: maximumBytes, regularOnly: false)
        } catch {
            switch error {
            case .system(let code): throw ReadError(description: reason(code))
            case .directory, .notRegularFile: throw ReadError(description: "it is a directory")
            case .tooLarge: throw ReadError(description: "it is larger than \(maximumBytes >> 20) MiB")
            }
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(code))
        }
    }
}
