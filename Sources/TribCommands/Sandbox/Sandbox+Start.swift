import Foundation
import RedisTrib

extension Sandbox {
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
