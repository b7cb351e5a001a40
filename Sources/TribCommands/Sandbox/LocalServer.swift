import Foundation
import RESP
import RedisTrib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One cluster-enabled server process started on this machine, in its own folder.
public struct LocalServer: Sendable, Hashable, Codable {
    /// Where it listens (always on loopback).
    public var address: NodeAddress
    /// Its process id.
    public var pid: Int32
    /// Its working folder (nodes.conf, log).
    public var directory: String

    /// When the process started (see ``ServerProcess/startTime``): a later process given the same
    /// pid started later. `nil` in records written before it was kept.
    public var startTime: UInt64?

    /// The server's log file.
    public var logPath: String { directory + "/server.log" }

    /// Whether the process is still alive and still this server.
    public var isRunning: Bool {
        ProcessControl.isAlive(pid) && isThisServer
    }

    /// Whether the pid still belongs to this server, not to a process that was given the number
    /// after the server exited: nothing is signalled unless it is.
    public var isThisServer: Bool {
        #if os(Linux)
        ServerProcess(pid: pid)?.isServer(self) ?? false
        #else
        true
        #endif
    }

    /// Sends a signal (SIGSTOP to freeze the node, SIGCONT to thaw it, SIGKILL to crash it), if the
    /// pid is still this server's.
    public func signal(_ signal: Int32) {
        guard isThisServer else { return }
        _ = kill(pid, signal)
    }

    /// Stops the process: SIGTERM, then SIGKILL if it is still alive after `grace` seconds.
    /// A pid that is no longer this server's is left alone.
    public func stop(grace: Double = 5) async {
        guard isThisServer else { return }
        _ = kill(pid, SIGCONT)
        _ = kill(pid, SIGTERM)
        if await ProcessControl.waitForExit(pid, seconds: grace) { return }
        guard isThisServer else { return }
        _ = kill(pid, SIGKILL)
        _ = await ProcessControl.waitForExit(pid, seconds: 5)
    }
}

extension NodeAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try NodeAddress(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
