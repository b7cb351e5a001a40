#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The history file could not be read or written.
public struct ShellHistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The history file.
    public let path: String
    /// Why, such as `Permission denied`.
    public let reason: String

    /// An error about `path` for a reason in words.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// An error about `path` for the system error `code`.
    init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String {
        "\(path): \(reason)"
    }
}
