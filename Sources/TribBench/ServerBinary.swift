import Foundation

/// A server program the bench starts nodes of: Redis or Valkey, with its version.
struct ServerBinary: Sendable, Hashable {
    /// Redis or Valkey.
    enum Family: String, Sendable {
        case redis = "Redis"
        case valkey = "Valkey"
    }

    var family: Family
    /// The path of `redis-server` or `valkey-server`.
    var path: String
    /// `7.0.15`.
    var version: String

    /// `Redis 7.0.15`.
    var name: String { "\(family.rawValue) \(version)" }

    /// Reads the version from `--version`; `nil` when the program does not run.
    init?(family: Family, path: String) {
        guard let output = Self.output(of: path, ["--version"]),
            let version = output.split(separator: " ").first(where: { $0.hasPrefix("v=") })?.dropFirst(2)
        else { return nil }
        self.family = family
        self.path = path
        self.version = String(version)
    }

    /// The standard output of a short command, or `nil` when it fails.
    static func output(of executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
