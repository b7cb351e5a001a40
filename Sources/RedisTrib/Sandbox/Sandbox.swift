import Foundation
import RESP

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
        self.directory = directory ?? environment["REDIS_TRIB_SANDBOX"]
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.redis-trib/sandbox"
    }

    private var stateFile: String { directory + "/sandbox.json" }

    /// The recorded state, or `nil` when no sandbox was started here.
    public func state() -> State? {
        guard let data = FileManager.default.contents(atPath: stateFile) else { return nil }
        return try? JSONDecoder().decode(State.self, from: data)
    }

    /// Starts `count` nodes and builds a cluster of them: `count / (replicas + 1)` masters, the rest their replicas.
    ///
    /// - Throws: ``TribError`` when a sandbox is already running here, the arguments do not fit, or a node does not start.
    public func start(count: Int, replicas: Int, server: String?, options: OperationOptions) async throws(TribError) -> State {
        guard count >= 1, count <= 100 else {
            throw TribError(.invalidArgument, "a sandbox has 1 to 100 nodes, not \(count)")
        }
        guard replicas >= 0, count / (replicas + 1) >= 1 else {
            throw TribError(.invalidArgument, "\(count) nodes cannot hold masters with \(replicas) replica(s) each")
        }
        if let existing = state(), existing.nodes.contains(where: \.isRunning) {
            throw TribError(
                .preconditionFailed,
                "a sandbox is already running in \(directory) (\(existing.nodes.count) nodes, first \(existing.nodes[0].address)); "
                    + "`redis-trib sandbox stop` stops it"
            )
        }
        try? FileManager.default.removeItem(atPath: directory)
        let launcher = try LocalServerLauncher(server: server, rootDirectory: directory)
        let servers = try await launcher.start(count: count)
        let masterCount = count / (replicas + 1)
        let state = State(server: launcher.executable, nodes: servers)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: stateFile))
        } catch {
            await launcher.stop(servers)
            throw TribError(.launchFailed, "cannot write \(stateFile): \(error.localizedDescription)")
        }
        let trib = ClusterOperator(options: options)
        do throws(TribError) {
            let masters = Array(servers.prefix(masterCount).map(\.address))
            let replicaNodes = Array(servers.dropFirst(masterCount).map(\.address))
            try await trib.startMulti(masters)
            if !replicaNodes.isEmpty {
                // All replicas meet the cluster at once and attach in one round: one wait, not one per replica.
                try await trib.meet(replicaNodes, with: masters[0])
                try await trib.waitForAgreement(from: masters[0])
                let masterIDs = try await trib.forEachNode(masters) { trib, address throws(TribError) in
                    try await trib.client(address).myID()
                }
                for (index, replica) in replicaNodes.enumerated() {
                    try await trib.client(replica).send("CLUSTER", "REPLICATE", masterIDs[index % masterCount])
                }
                try await trib.waitForAgreement(from: masters[0])
            }
        } catch {
            await trib.close()
            throw error
        }
        await trib.close()
        return state
    }

    /// Stops every recorded node by pid and removes the folder; returns how many were running.
    public func stop() async -> Int {
        guard let state = state() else {
            try? FileManager.default.removeItem(atPath: directory)
            return 0
        }
        let running = state.nodes.filter(\.isRunning)
        await LocalServerLauncher.stop(running, removing: directory)
        return running.count
    }
}
