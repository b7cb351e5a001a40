import RESP
import RedisTrib
import Testing
import TribCommands

/// `check`, `info`, `list` and `execute` read each node once per run: counted by the servers
/// themselves (`INFO commandstats`, reset before each run of the built binary).
@Suite("each node read once", .serialized)
struct ReadOnceTests {
    /// The commands counted: the reads a run could repeat. `ECHO` stands for `execute`'s command:
    /// a replica also counts the `PING`s its master sends down the replication stream.
    static let counted: Set<String> = ["cluster|nodes", "cluster|info", "info", "echo", "config|get", "cluster|countkeysinslot", "dbsize", "function|list"]

    @Test("check, info, list and execute of a cluster of 3 masters and 3 replicas send CLUSTER NODES, CLUSTER INFO and INFO at most once to each node")
    func readOnce() async throws {
        try await withLocalServers(6) { servers in
            let nodes = servers.map(\.address)
            try await withOperator(.testing) { trib in
                _ = try await trib.create(nodes, replicas: 1)
            }
            var masters: [NodeAddress] = []
            for node in nodes where try await ownView(node)?.isMaster == true {
                masters.append(node)
            }
            try #require(masters.count == 3)
            let replicas = nodes.filter { !masters.contains($0) }
            let (master, replica) = (masters[0], replicas[0])
            // CONFIG GET: the settings that should agree and cluster-databases.
            let configReads = ClusterCheck.settingsThatShouldAgree.count + 1
            let checkRead = ["cluster|nodes": 1, "cluster|info": 1, "info": 1, "config|get": configReads, "dbsize": 1, "function|list": 1]
            for seed in [master, replica] {
                // An empty cluster: no master has a key to count slot by slot.
                let calls = try await Self.calls(["check", seed.description])
                for node in nodes {
                    #expect(calls[node] == checkRead, "check \(seed): \(node)")
                }
            }
            let info = try await Self.calls(["info", master.description])
            for node in nodes {
                let expected = masters.contains(node) ? ["cluster|nodes": 1, "info": 1, "config|get": 1, "dbsize": 1] : [:]
                #expect(info[node] == expected, "info: \(node)")
            }
            for seed in [master, replica] {
                let list = try await Self.calls(["list", seed.description])
                for node in nodes {
                    #expect(list[node] == (node == seed ? ["cluster|nodes": 1] : [:]), "list \(seed): \(node)")
                }
                let execute = try await Self.calls(["execute", seed.description, "ECHO", "hello"])
                for node in nodes {
                    #expect(execute[node] == (node == seed ? ["cluster|nodes": 1, "echo": 1] : ["echo": 1]), "execute \(seed): \(node)")
                }
            }
        }
    }

    /// Resets every node's statistics, runs the binary with `arguments`, and returns the calls of
    /// the ``counted`` commands each node ran meanwhile.
    static func calls(_ arguments: [String]) async throws -> [NodeAddress: [String: Int]] {
        let nodes = try #require(arguments.dropFirst().first.flatMap { try? NodeAddress(parsing: $0) })
        let members = try await Self.members(of: nodes)
        for node in members {
            try await withConnection(to: node) { connection in
                try await connection.send("CONFIG", "RESETSTAT")
            }
        }
        let run = try await TribProcess.run(arguments)
        #expect(run.status == 0, "\(arguments): \(run.err)")
        return try await GuardedMoveTests.commandCalls(members).mapValues { $0.filter { counted.contains($0.key) } }
    }

    /// Every node `seed` lists.
    static func members(of seed: NodeAddress) async throws -> [NodeAddress] {
        var members: [NodeAddress] = []
        try await withConnection(to: seed) { connection in
            let topology = try ClusterTopology(parsing: try await connection.send("CLUSTER", "NODES").string ?? "")
            members = topology.nodes.compactMap(\.address)
        }
        return members
    }
}
