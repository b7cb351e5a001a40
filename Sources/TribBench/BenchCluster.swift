import RESP
import RedisTrib

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
            _ = try await SlotOwnership.settled(masters.map(\.address))
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

    /// Stops every node and removes their folders.
    func stop() async {
        await launcher.stop(all)
    }
}
