import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// A maintenance script written for `redis-cli --cluster` (create with replicas, add-node as a
/// master and as a replica, reshard, rebalance, call, del-node), run word for word once with
/// `redis-cli --cluster` and once with `redis-trib`, each on a cluster of its own
/// (`$REDIS_TRIB_SERVER`): both end in the same shape, with every key and value kept.
@Suite("A redis-cli --cluster script run with redis-trib", .serialized)
struct RedisCLIScriptTests {
    /// The script's lines, as redis-cli takes them after `--cluster`. `{N}` is the address of node
    /// N (1-based), `{id:N}` its id. The test waits for the cluster to settle and every node to be
    /// `cluster_state:ok` after each line, as such scripts sleep, since redis-cli's create and
    /// add-node return before the cluster agrees and is up.
    static let script = [
        "create {1} {2} {3} {4} {5} {6} --cluster-replicas 1 --cluster-yes",
        "add-node {7} {1}",
        "add-node {8} {1} --cluster-slave --cluster-master-id {id:7}",
        "reshard {1} --cluster-from all --cluster-to {id:7} --cluster-slots 1000 --cluster-yes",
        "rebalance {1} --cluster-use-empty-masters --cluster-yes",
        "call {1} CONFIG SET maxmemory-policy allkeys-lru",
        "del-node {1} {id:8}",
    ]

    /// Runs a script's line with `redis-cli --cluster WORDS…` or `redis-trib WORDS…`, each as
    /// ``TribProcess`` runs a tool (its standard error to a file, so a long one cannot block it).
    static func run(_ words: [String], redisCLI: Bool) async throws -> (status: Int32, out: String, err: String) {
        redisCLI ? try await TribProcess.run(["--cluster"] + words, executable: "/usr/bin/redis-cli") : try await TribProcess.run(words)
    }

    /// What the script leaves, as comparable facts: masters and their slot counts, replicas and
    /// their masters, the setting `call` changed, and which nodes are in the cluster.
    struct Outcome: Equatable, CustomStringConvertible {
        var masters: [Int]
        var replicasPerMaster: [Int]
        var members: [Int]
        var policies: Set<String>

        var description: String { "masters \(masters), replicas per master \(replicasPerMaster), members \(members), policies \(policies)" }
    }

    /// Runs the script with one tool on eight fresh servers; checks every key and value, and returns the outcome.
    func runScript(redisCLI: Bool) async throws -> Outcome {
        var outcome: Outcome?
        try await withLocalServers(8) { servers in
            let nodes = servers.map(\.address)
            var ids: [Int: String] = [:]
            var keys: [ByteBuffer: ByteBuffer] = [:]
            for (index, line) in Self.script.enumerated() {
                var words: [String] = []
                for word in line.split(separator: " ").map(String.init) {
                    if word.hasPrefix("{id:"), let number = Int(word.dropFirst(4).dropLast()) {
                        if ids[number] == nil { ids[number] = try #require(try await ownView(nodes[number - 1])?.id) }
                        words.append(ids[number] ?? "")
                    } else if word.hasPrefix("{"), let number = Int(word.dropFirst().dropLast()) {
                        words.append(nodes[number - 1].description)
                    } else {
                        words.append(word)
                    }
                }
                let result = try await Self.run(words, redisCLI: redisCLI)
                #expect(result.status == 0, "\(redisCLI ? "redis-cli" : "redis-trib") \(line): \(result.out) \(result.err)")
                let members = index == Self.script.count - 1 ? Array(nodes.prefix(7)) : Array(nodes.prefix(index == 0 ? 6 : min(index + 6, 8)))
                try await waitUntilSettled(members, timeout: .seconds(60))
                // A node that just joined answers CLUSTERDOWN for the server's rejoin delay, and
                // redis-cli's reshard fails on it: scripts wait for cluster_state:ok.
                let ready = try await pollUntil(timeout: .seconds(60)) {
                    try await members.asyncMap(readNode).allSatisfy { $0.info["cluster_state"] == "ok" }
                }
                #expect(ready, "the cluster of \(members) is not cluster_state:ok after \(line)")
                if index == 0 {
                    keys = try await fillKeys(nodes[0], count: 3000, prefix: "script")
                }
            }
            let members = Array(nodes.prefix(7))
            try await assertKeys(keys, on: members)
            let cluster = try await assertClusterHealthy(members, expectedMasters: 4)
            var policies = Set<String>()
            for node in members {
                try await withConnection(to: node) { connection in
                    let reply = try await connection.send("CONFIG", "GET", "maxmemory-policy")
                    policies.insert(reply.elements?.last?.string ?? "?")
                }
            }
            let masters = cluster.masters
            outcome = Outcome(
                masters: masters.map { cluster.slots(of: $0).count }.sorted(),
                replicasPerMaster: masters.map { master in cluster.replicas.filter { cluster.master(of: $0) == master }.count }.sorted(),
                members: try await members.asyncMap { try await readNode($0).topology.nodes.count },
                policies: policies
            )
            #expect(try await readNode(nodes[7]).topology.nodes.count == 1, "node 8 was not reset: it still knows other nodes")
        }
        return try #require(outcome)
    }

    @Test(
        "the same script with redis-cli --cluster and with redis-trib: 4 masters of a balanced share, 3 replicas, node 8 gone, the setting on every node, every key kept"
    )
    func sameOutcome() async throws {
        // Debian's redis-cli is 7.0's, run against its own server only: against Valkey 9 its reshard
        // now and then leaves a slot IMPORTING on the receiver's replica, and its rebalance then
        // refuses to run (*** Please fix your cluster problems). On Valkey, redis-trib's run is held
        // to the same outcome by itself.
        let server = ProcessInfo.processInfo.environment["REDIS_TRIB_SERVER"] ?? "redis-server"
        let byRedisCLI = server.contains("valkey") ? nil : try await runScript(redisCLI: true)
        let byTrib = try await runScript(redisCLI: false)
        for outcome in [byRedisCLI, byTrib].compactMap({ $0 }) {
            #expect(outcome.masters.count == 4 && outcome.masters.reduce(0, +) == HashSlot.count, "\(outcome)")
            // redis-cli's rebalance leaves masters within its 2 % threshold of the even share.
            #expect(outcome.masters.allSatisfy { abs($0 - 4096) <= 82 }, "\(outcome)")
            #expect(outcome.replicasPerMaster.reduce(0, +) == 3, "\(outcome)")
            #expect(outcome.members == Array(repeating: 7, count: 7), "\(outcome)")
            #expect(outcome.policies == ["allkeys-lru"], "\(outcome)")
        }
        if let byRedisCLI {
            #expect(byTrib.replicasPerMaster == byRedisCLI.replicasPerMaster)
        }
    }
}
