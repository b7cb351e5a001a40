import Foundation
import RESP
import RedisTrib
import TribCommands

/// Fresh nodes for one run: `masterCount` masters in one cluster (slots shared evenly by
/// `start_multi`, the first master holding the lowest slots) and `freeCount` free nodes.
struct BenchCluster: Sendable {
    var launcher: LocalServerLauncher
    var masters: [LocalServer]
    var free: [LocalServer]
    /// Node ids, masters first, in the order of `masters + free`.
    var ids: [String]

    /// Every node.
    var all: [LocalServer] { masters + free }

    /// Starts the nodes in a folder of their own under `root`, builds the cluster and waits until it agrees.
    ///
    /// - Throws: `TribError` when a node does not start, or `BenchError` when the cluster does not settle.
    static func start(server: ServerBinary, masters masterCount: Int, free freeCount: Int, root: String) async throws -> BenchCluster {
        // DEBUG DIGEST-VALUE checks the values; Redis 7 refuses DEBUG unless enabled.
        let launcher = try LocalServerLauncher(server: server.path, rootDirectory: root, extraArguments: ["--enable-debug-command", "yes"])
        let nodes = try await launcher.start(count: masterCount + freeCount)
        do {
            let masters = Array(nodes.prefix(masterCount))
            let trib = ClusterOperator()
            do {
                try await trib.startMulti(masters.map(\.address))
            } catch {
                await trib.close()
                throw error
            }
            await trib.close()
            var ids: [String] = []
            for node in nodes {
                let connection = try await RedisConnection.connect(to: node.address)
                let id = try await connection.send("CLUSTER", "MYID").string ?? ""
                await connection.close()
                ids.append(id)
            }
            return BenchCluster(launcher: launcher, masters: masters, free: Array(nodes.dropFirst(masterCount)), ids: ids)
        } catch {
            await launcher.stop(nodes)
            throw error
        }
    }

    /// CPU seconds (user plus system) every node has used so far, from `/proc/PID/stat`; `nil` when unreadable.
    func serverCPUSeconds() -> Double? {
        var total = 0.0
        for node in all {
            guard let stat = try? String(contentsOfFile: "/proc/\(node.pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // Fields after the command name: state is field 3, utime 14 and stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
            total += user + system
        }
        return total / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops every node and removes their folders.
    func stop() async {
        await launcher.stop(all)
    }
}
