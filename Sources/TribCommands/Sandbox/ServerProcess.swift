import Foundation
import RESP
import RedisTrib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the system says of a running process, read from `/proc`: enough to tell whether a
/// recorded pid still belongs to the server that was started, or to some later process that
/// was given the same number.
public struct ServerProcess: Sendable, Hashable {
    /// The process id.
    public var pid: Int32
    /// Its command line, arguments separated by spaces (a server rewrites it to `redis-server 127.0.0.1:7000 [cluster]`).
    public var commandLine: String
    /// When it started, in clock ticks after boot (field 22 of `/proc/PID/stat`).
    public var startTime: UInt64
    /// Its working folder (a server's is its `--dir`), read when asked.
    public var workingDirectory: String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    /// Reads the process; `nil` when there is none (or it has exited and waits to be reaped).
    public init?(pid: Int32) {
        // A zombie has no command line but a stat; a process that is gone has neither.
        guard pid > 0, let startTime = Self.startTime(of: pid) else { return nil }
        self.pid = pid
        // Empty for a moment while a server starts (exec, then the title it sets).
        let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        commandLine = String(decoding: raw.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        self.startTime = startTime
    }

    /// When process `pid` started, in clock ticks after boot; `nil` when it cannot be read.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The name in parentheses may hold spaces; the fields after the last `)` are plain.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // Field 3 (state) is the first after the name; field 22 (starttime) is 19 further on.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether process `pid` has ended and waits to be reaped (state `Z` in `/proc/PID/stat`): it
    /// still answers `kill(pid, 0)` until its parent reaps it, and an orphan's parent may never do so.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        return text[text.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// Whether this process is the server `server` records: the same start time when one was
    /// recorded, and a command line that names the server binary and its port.
    public func isServer(_ server: LocalServer) -> Bool {
        if let recorded = server.startTime {
            guard recorded == startTime else { return false }
            // The same pid that started at the same tick: that process, even while its command line is being rewritten.
            if commandLine.isEmpty { return true }
        }
        let port = String(server.address.port)
        let words = commandLine.split(separator: " ")
        // `--port 7000` as started, `127.0.0.1:7000` once the server has set its title.
        let namesPort = words.contains { $0 == Substring(port) || $0.hasSuffix(":" + port) }
        guard namesPort, let program = words.first else { return false }
        return (String(program) as NSString).lastPathComponent.hasSuffix("-server")
    }

    /// The processes whose working folder is `directory` or inside it (a sandbox's servers run in
    /// their own folders within the sandbox), whatever any record says.
    public static func inside(_ directory: String) -> [ServerProcess] {
        let root = Self.realPath(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.sorted().compactMap { pid in
            guard let process = ServerProcess(pid: pid), let cwd = process.workingDirectory else { return nil }
            return cwd == root || cwd.hasPrefix(root + "/") ? process : nil
        }
    }

    /// `path` with symbolic links resolved, as `/proc/PID/cwd` shows folders; `path` when it does not exist.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
