import Foundation

extension Sandbox {
    /// What ``stop()`` did.
    public struct StopReport: Sendable, Hashable {
        /// The servers it stopped.
        public var stopped: [LocalServer]
        /// Recorded servers whose pid now belongs to another process, which was left alone.
        public var notOurs: [LocalServer]
        /// Whether the folder was deleted (only a folder marked as a sandbox's is).
        public var removedFolder: Bool
    }

    /// Stops every recorded node that is still the server it was (checked before any signal),
    /// and deletes the folder if it carries the sandbox's marker.
    ///
    /// - Throws: ``TribError`` `.corruptRecord` when the record cannot be read (nothing is stopped or deleted then).
    public func stop() async throws(TribError) -> StopReport {
        guard let state = try state() else {
            // Nothing recorded: a marked folder is an empty sandbox's; any other is not ours.
            return StopReport(stopped: [], notOurs: [], removedFolder: folder.remove())
        }
        let running = state.nodes.filter(\.isRunning)
        let notOurs = state.nodes.filter { ProcessControl.isAlive($0.pid) && !$0.isThisServer }
        await withTaskGroup(of: Void.self) { group in
            for server in running {
                group.addTask { await server.stop() }
            }
        }
        return StopReport(stopped: running, notOurs: notOurs, removedFolder: folder.remove())
    }

    /// What ``stop()`` would do, one change a line, for a dry run; nothing is signalled or deleted.
    ///
    /// - Throws: ``TribError`` `.corruptRecord` when the record cannot be read.
    public func stopPlan() throws(TribError) -> [String] {
        let state = try state()
        var lines = (state?.nodes ?? []).filter(\.isRunning).map { "stop \($0.address) (pid \($0.pid))" }
        if folder.isMarked {
            lines.append("delete \(directory)")
        }
        return lines
    }

    /// What ``start(count:replicas:server:options:)`` would do, for a dry run: every check it makes
    /// first, and nothing started or written.
    ///
    /// - Throws: what `start` throws before it starts anything.
    public func startPlan(count: Int, replicas: Int, server: String?) throws(TribError) -> String {
        let launcher = try checkStart(count: count, replicas: replicas, server: server)
        try folder.checkUsable()
        let masters = count / (replicas + 1)
        return "start \(count) \(launcher.executable) node(s) in \(directory): \(masters) master(s), \(count - masters) replica(s)"
    }

    /// The checks `start` makes before it changes anything; the launcher it would use.
    func checkStart(count: Int, replicas: Int, server: String?) throws(TribError) -> LocalServerLauncher {
        guard count >= 1, count <= 100 else {
            throw TribError(.invalidArgument, "a sandbox has 1 to 100 nodes, not \(count)")
        }
        guard replicas >= 0, count / (replicas + 1) >= 1 else {
            throw TribError(.invalidArgument, "\(count) nodes cannot hold masters with \(replicas) replica(s) each")
        }
        if let existing = try state(), existing.nodes.contains(where: \.isRunning) {
            throw TribError(
                .preconditionFailed,
                "a sandbox is already running in \(directory) (\(existing.nodes.count) nodes, first \(existing.nodes[0].address)); "
                    + "`redis-trib sandbox stop` stops it"
            )
        }
        return try LocalServerLauncher(server: server, rootDirectory: directory)
    }
}
