import Foundation
import RESP
import RedisTrib

#if canImport(Glibc)
import Glibc
#endif

/// A local cluster for trying redis-trib: nodes started with ``LocalServerLauncher`` in a folder of
/// their own, left running, and stopped later by the pids recorded there.
public struct Sandbox: Sendable {
    /// What a running sandbox records in its folder.
    public struct State: Sendable, Codable, Hashable {
        /// The server binary.
        public var server: String
        /// The nodes, masters first.
        public var nodes: [LocalServer]
    }

    /// The sandbox folder: `$REDIS_TRIB_SANDBOX`, else `~/.redis-trib/sandbox`.
    public var directory: String

    /// Makes a sandbox handle for a folder.
    public init(directory: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.directory =
            directory ?? environment["REDIS_TRIB_SANDBOX"]
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.redis-trib/sandbox"
    }

    /// The file that records the sandbox's servers.
    var stateFile: String { directory + "/sandbox.json" }

    var folder: SandboxFolder { SandboxFolder(path: directory) }

    /// Starts `count` nodes and builds a cluster of them: `count / (replicas + 1)` masters, the rest their replicas.
    ///
    /// This starts servers even when `options` asks for a dry run: a dry run asks ``startPlan(count:replicas:server:)``.
    /// The folder is marked as the sandbox's before anything is written in it (see ``SandboxFolder``).
    /// - Throws: ``TribError`` when a sandbox is already running here, the folder holds other things,
    ///   its record cannot be read, the arguments do not fit, or a node does not start.
    public func start(count: Int, replicas: Int, server: String?, options: OperationOptions) async throws(TribError) -> State {
        let launcher = try checkStart(count: count, replicas: replicas, server: server)
        try folder.prepare()
        let servers = try await launcher.start(count: count)
        let state = State(server: launcher.executable, nodes: servers)
        do {
            try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: stateFile))
        } catch {
            await LocalServerLauncher.stopAll(servers)
            folder.remove()
            throw TribError(.launchFailed, "cannot write \(stateFile): \(error.localizedDescription)")
        }
        let addresses = servers.map(\.address)
        try await withOperator(options) { trib throws(TribError) in
            try await trib.create(addresses, replicas: replicas)
        }
        return state
    }
}
