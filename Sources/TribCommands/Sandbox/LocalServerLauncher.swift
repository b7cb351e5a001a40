import Foundation
import RESP
import RedisTrib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts cluster-enabled `redis-server` or `valkey-server` processes on free loopback ports,
/// each in a folder of its own with persistence off, and waits until each answers PING.
///
/// Used by the tests, the benchmarks and `redis-trib sandbox`.
public struct LocalServerLauncher: Sendable {
    /// The environment variable that names the server binary (a name on PATH or a path).
    public static let serverEnvironmentVariable = "REDIS_TRIB_SERVER"

    /// The server binary, resolved to a path.
    public var executable: String
    /// The folder that holds one folder per server.
    public var rootDirectory: String
    /// Extra `--name value` configuration passed to every server.
    public var extraArguments: [String]
    /// How long each server has to answer PING, in seconds.
    public var startTimeout: Double
    /// Whether the servers run in cluster mode (default); `false` starts standalone servers.
    public var clusterEnabled: Bool
    /// Whether each server is started with a configuration file of its own (`server.conf` in its
    /// folder, empty at first), which `CONFIG REWRITE` then writes; without one a server has no
    /// `config_file` and `CONFIG REWRITE` fails.
    public var configFile: Bool
    /// A command each server on a host is started through, by host address: `ip netns exec NS`
    /// runs the server in the network namespace that has that address (it execs the server, so the
    /// pid is still the server's). A server on a host not listed is started directly.
    public var hostCommands: [String: [String]] = [:]
    /// TLS-only servers (their port is the TLS port), or plain ones when `nil` (default).
    public var tls: LocalServerTLS?

    /// Makes a launcher.
    ///
    /// - Parameters:
    ///   - server: a binary name or path; `$REDIS_TRIB_SERVER`, else `redis-server`, when `nil`.
    ///   - rootDirectory: where the server folders go; a new temporary folder when `nil`.
    /// - Throws: ``TribError`` `.serverNotFound` when the binary cannot be found.
    public init(
        server: String? = nil,
        rootDirectory: String? = nil,
        extraArguments: [String] = [],
        startTimeout: Double = 10,
        clusterEnabled: Bool = true,
        configFile: Bool = false,
        tls: LocalServerTLS? = nil
    ) throws(TribError) {
        let name = server ?? ProcessInfo.processInfo.environment[Self.serverEnvironmentVariable] ?? "redis-server"
        guard let path = ProcessControl.resolveExecutable(name) else {
            throw TribError(.serverNotFound, "server binary '\(name)' not found (set \(Self.serverEnvironmentVariable) or install redis-server)")
        }
        self.executable = path
        if let rootDirectory {
            self.rootDirectory = rootDirectory
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-nodes-\(UUID().uuidString.prefix(8))")
            self.rootDirectory = folder.path
        }
        self.extraArguments = extraArguments
        self.startTimeout = startTimeout
        self.clusterEnabled = clusterEnabled
        self.configFile = configFile
        self.tls = tls
    }

    /// Starts `count` servers and waits until every one answers PING; on any failure, stops those already started.
    ///
    /// - Parameter hosts: the loopback addresses to put them on, in turn (server `i` on
    ///   `hosts[i % hosts.count]`): to the servers, 127.0.0.2 is another host than 127.0.0.1.
    /// - Throws: ``TribError`` `.launchFailed` naming the server and the tail of its log.
    public func start(count: Int, hosts: [String] = ["127.0.0.1"]) async throws(TribError) -> [LocalServer] {
        var servers: [LocalServer] = []
        do {
            for index in 0..<count {
                servers.append(try await startOne(host: hosts.isEmpty ? "127.0.0.1" : hosts[index % hosts.count]))
            }
        } catch {
            await Self.stopAll(servers)
            throw error
        }
        return servers
    }

    /// Starts one server on a free port of `host`, a loopback address.
    public func startOne(host: String = "127.0.0.1") async throws(TribError) -> LocalServer {
        let claim = try PortReservation.shared.reserve()
        // Until the server listens (or gave up), no other process starts one on this port.
        defer { claim.release() }
        let port = claim.port
        let directory = "\(rootDirectory)/\(port)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TribError(.launchFailed, "cannot create \(directory): \(error.localizedDescription)")
        }
        return try await launch(host: host, port: port, directory: directory)
    }

    /// Starts a stopped or crashed server again on its port, in its folder, so it reads back its
    /// nodes.conf (and its data, when persistence was turned on with `extraArguments`).
    ///
    /// - Returns: the server with its new pid.
    /// - Throws: ``TribError`` `.launchFailed` naming the server and the tail of its log.
    public func restart(_ server: LocalServer) async throws(TribError) -> LocalServer {
        try await launch(host: server.address.host, port: server.address.port, directory: server.directory)
    }

    /// Starts a server on `host:port` in `directory` and waits until it answers PING.
    ///
    /// On another loopback address than 127.0.0.1 the server also connects from it and announces
    /// it, so that the other servers see it as a host of its own.
    private func launch(host: String, port: Int, directory: String) async throws(TribError) -> LocalServer {
        let binding =
            host == "127.0.0.1"
            ? ["--bind", "127.0.0.1", "-::1"]
            : ["--bind", host, "--bind-source-addr", host, "--cluster-announce-ip", host, "--replica-announce-ip", host]
        let cluster = clusterEnabled ? ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"] : []
        var file: [String] = []
        if configFile {
            let path = directory + "/server.conf"
            // Kept on a restart: it holds what CONFIG REWRITE saved.
            if !FileManager.default.fileExists(atPath: path), !FileManager.default.createFile(atPath: path, contents: Data()) {
                throw TribError(.launchFailed, "cannot create \(path)")
            }
            file = [path]
        }
        let arguments =
            file + (tls?.arguments(port: port) ?? ["--port", String(port)]) + binding + [
                "--dir", directory,
            ] + cluster + [
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "no",
                "--logfile", directory + "/server.log",
            ] + extraArguments
        let command = (hostCommands[host] ?? []) + [executable] + arguments
        let pid = try await ProcessControl.spawn(executable: command[0], arguments: Array(command.dropFirst()))
        let server = LocalServer(
            address: NodeAddress(host: host, port: port),
            pid: pid,
            directory: directory,
            startTime: ServerProcess.startTime(of: pid)
        )
        let deadline = ContinuousClock.now + SecondsConversion.duration(startTimeout)
        var lastFailure: String
        while true {
            // Our own child, reaped by its task only when it ends: its pid is not yet another process's.
            guard ProcessControl.isAlive(server.pid) else {
                throw TribError(.launchFailed, "\(executable) exited at start: \(Self.tail(of: server.logPath))", node: server.address)
            }
            guard let failure = await Self.pingFailure(server.address, tls: tls?.client) else {
                return server
            }
            lastFailure = failure
            // Checked after an attempt: a caller starved of time past the deadline still tries once more.
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(25))
        }
        // The log is read before the stop, so it shows what the server did while it did not answer.
        let log = Self.tail(of: server.logPath, lines: 8)
        await server.stop()
        throw TribError(
            .launchFailed,
            "no PING reply within \(startTimeout) s (last attempt: \(lastFailure)); the server's log ends: \(log)",
            node: server.address
        )
    }

    /// Stops the servers and removes the root folder.
    public func stop(_ servers: [LocalServer]) async {
        await Self.stopAll(servers)
        try? FileManager.default.removeItem(atPath: rootDirectory)
    }

    /// Stops the servers together (each may take its grace period; they take it at once).
    static func stopAll(_ servers: [LocalServer]) async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers {
                group.addTask { await server.stop() }
            }
        }
    }

    /// `nil` when the server answers `PING` (any reply counts, NOAUTH included: it is up and
    /// answering; but `LOADING`: a restarted server still reading its data is not up yet), else why not.
    private static func pingFailure(_ address: NodeAddress, tls: TLSOptions?) async -> String? {
        let options = ConnectionOptions(connectTimeout: 1, commandTimeout: 1, tls: tls)
        let connection: RedisConnection
        do {
            connection = try await RedisConnection.connect(to: address, options: options)
        } catch {
            return "\(error)"
        }
        let failure: String?
        do {
            let replies = try await connection.pipeline([RedisCommand("PING")])
            if let reply = replies.first {
                failure = reply.isError && (reply.string ?? "").hasPrefix("LOADING") ? "still loading its data" : nil
            } else {
                failure = "no reply"
            }
        } catch {
            failure = "\(error)"
        }
        await connection.close()
        return failure
    }

    private static func tail(of path: String, lines: Int = 3) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }
}
