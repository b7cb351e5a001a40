import Foundation
import RESP

/// The entries typed in the shell, kept in a file in the home folder between sessions.
///
/// Entries that carry a password (see ``isSensitive(_:)``) are never kept, neither in memory nor
/// in the file. The file holds one entry a line, oldest first, with `\` written as `\\` and a
/// line break inside a multi-line entry as `\n`, so a `for` block comes back as one entry. It is
/// rewritten whole after each entry (it is small) through a temporary file, readable only by its
/// owner.
public struct ShellHistory: Sendable, Equatable {
    /// The history file's name in the home folder.
    public static let defaultFileName = ".redis_trib_history"
    /// How many entries are kept unless told otherwise.
    public static let defaultLimit = 1000
    /// The largest history file read (4 MiB); a thousand entries take far less, so a bigger
    /// file is not a history (`/dev/zero`, a log linked there by mistake) and is left alone.
    public static let maximumFileBytes = 4 << 20

    /// Where the entries are kept; `nil` keeps them for this session only.
    public let fileURL: URL?
    /// The most entries kept; the oldest go first.
    public let limit: Int
    /// The entries, oldest first.
    public private(set) var entries: [String] = []

    /// An empty history stored at `fileURL`, holding at most `limit` entries.
    public init(fileURL: URL?, limit: Int = ShellHistory.defaultLimit) {
        self.fileURL = fileURL
        self.limit = max(0, limit)
    }

    /// The file to use: `$REDIS_TRIB_HISTFILE` if set (empty or `/dev/null` for no file),
    /// otherwise `~/.redis_trib_history`; `nil` when neither can be found.
    public static func defaultFileURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let path = environment["REDIS_TRIB_HISTFILE"] {
            return path.isEmpty || path == "/dev/null" ? nil : URL(fileURLWithPath: path)
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(defaultFileName)
    }

    /// Adds an entry, unless it is blank, repeats the last entry or carries a password.
    ///
    /// - Returns: whether the entry was added.
    @discardableResult
    public mutating func add(_ entry: String) -> Bool {
        guard limit > 0,
            entry.contains(where: { !$0.isWhitespace }),
            entry != entries.last,
            !Self.isSensitive(entry)
        else { return false }
        entries.append(entry)
        if entries.count > limit {
            entries.removeFirst(entries.count - limit)
        }
        return true
    }

    /// Replaces the entries with those of the file; a missing file means no entries.
    ///
    /// Entries carrying a password are dropped, and only the newest ``limit`` are kept.
    /// - Throws: ``ShellHistoryError`` when the file exists but cannot be read, is not a regular
    ///   file (a device, a FIFO, a directory), or is larger than ``maximumFileBytes``.
    public mutating func load() throws(ShellHistoryError) {
        entries = []
        guard let path = fileURL?.path else { return }
        let text: String
        do {
            text = try BoundedFile.read(path: path, maximumBytes: Self.maximumFileBytes, regularOnly: true)
        } catch {
            switch error {
            case .system(ENOENT): return
            case .system(let code): throw ShellHistoryError(path: path, errno: code)
            case .directory, .notRegularFile:
                throw ShellHistoryError(path: path, reason: "not a regular file, so not read as a history")
            case .tooLarge:
                throw ShellHistoryError(path: path, reason: "larger than \(Self.maximumFileBytes >> 20) MiB, so not read as a history")
            }
        }
        for line in text.split(separator: "\n") {
            add(Self.decode(line))
        }
    }

    /// Writes the entries to the file, replacing it.
    ///
    /// - Throws: ``ShellHistoryError`` when the file cannot be written.
    public func save() throws(ShellHistoryError) {
        guard let fileURL else { return }
        let path = fileURL.path
        // A new private file renamed over the old one: a crash never leaves half a history.
        let temporaryPath = fileURL.deletingLastPathComponent()
            .appendingPathComponent(".\(fileURL.lastPathComponent).\(getpid()).tmp").path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ShellHistoryError(path: path, errno: errno) }
        let bytes = Array(entries.map { Self.encode($0) + "\n" }.joined().utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let failure = errno
                close(descriptor)
                unlink(temporaryPath)
                throw ShellHistoryError(path: path, errno: failure)
            }
            written += count
        }
        guard close(descriptor) == 0, rename(temporaryPath, path) == 0 else {
            let failure = errno
            unlink(temporaryPath)
            throw ShellHistoryError(path: path, errno: failure)
        }
    }

    /// One entry as a line of the file.
    static func encode(_ entry: String) -> String {
        var line = ""
        for character in entry {
            switch character {
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\r\n": line += "\\r\\n"
            default: line.append(character)
            }
        }
        return line
    }

    /// The entry a line of the file holds; an unknown escape is kept as written.
    static func decode(_ line: Substring) -> String {
        var entry = ""
        var escaped = false
        for character in line {
            if escaped {
                switch character {
                case "n": entry.append("\n")
                case "r": entry.append("\r")
                case "\\": entry.append("\\")
                default: entry += "\\" + String(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                entry.append(character)
            }
        }
        if escaped {
            entry.append("\\")
        }
        return entry
    }
}
