import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// `create --replicas`, `replicate --any-master` and `add-node` against real servers
/// (`$REDIS_TRIB_SERVER`), several hosts being servers bound to 127.0.0.1, 127.0.0.2 and 127.0.0.3.
@Suite("create with replicas, replicate --any-master and add-node on real servers", .serialized)
struct CreateTests {
    static let threeHosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]

    /// Read once, right after the command returned, with no waiting: every node reports
    /// `cluster_state:ok`, all views agree (slot map, members, roles), every replica's link is up.
    static func expectReady(_ nodes: [NodeAddress], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var views: [NodeView] = []
        for node in nodes {
            let reading = try await readNode(node)
            views.append(NodeView(address: node, topology: reading.topology, clusterState: reading.info["cluster_state"] ?? "none"))
            #expect(reading.info["cluster_state"] == "ok", "\(node) is \(reading.info["cluster_state"] ?? "none")", sourceLocation: sourceLocation)
            if reading.myself?.isReplica == true {
                var link: String?
                try await withConnection(to: node) { connection in
                    link = infoFields(try await connection.send("INFO", "replication").string ?? "")["master_link_status"]
                }
                #expect(link == "up", "\(node)'s link to its master is \(link ?? "missing")", sourceLocation: sourceLocation)
            }
        }
        let disagreement = ClusterAgreement.check(views)
        #expect(disagreement == nil, "\(disagreement?.description ?? "")", sourceLocation: sourceLocation)
    }

    /// Each node's master as its own view says (`nil` for a master), by address.
    static func masters(of nodes: [NodeAddress]) async throws -> [NodeAddress: NodeAddress?] {
        let readings = try await nodes.asyncMap { try await readNode($0) }
        let byID = Dictionary(uniqueKeysWithValues: readings.map { ($0.id, $0.address) })
        var result: [NodeAddress: NodeAddress?] = [:]
        for reading in readings {
            result[reading.address] = reading.myself?.masterID.flatMap { byID[$0] }
        }
        return result
    }

    /// Every node knows no other node and serves no slot.
    static func expectFree(_ nodes: [NodeAddress], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for node in nodes {
            let reading = try await readNode(node)
            #expect(reading.topology.nodes.count == 1, "\(node) knows \(reading.topology.nodes.count) nodes", sourceLocation: sourceLocation)
            #expect(reading.myself?.slots.isEmpty == true, "\(node) serves slots", sourceLocation: sourceLocation)
        }
    }

    @Test("9 nodes on 3 hosts given host by host, 2 replicas each: masters on 3 hosts, replicas off their master's host and apart, ready")
    func antiAffinity() async throws {
        try await withLocalServers(9, hosts: Self.threeHosts) { servers in
            // Given host by host, so the order alone would put all masters on 127.0.0.1.
            let nodes = servers.map(\.address).sorted { ($0.host, $0.port) < ($1.host, $1.port) }
            try await withOperator(.testing) { trib in
                let layout = try await trib.create(nodes, replicas: 2)
                try await Self.expectReady(nodes)
                #expect(layout.applied)
                #expect(layout.warnings.isEmpty)
                #expect(Set(layout.shards.map(\.master.address.host)) == Set(Self.threeHosts))
                let actual = try await Self.masters(of: nodes)
                var replicasOf: [NodeAddress: [NodeAddress]] = [:]
                for node in nodes {
                    guard let master = actual[node] ?? nil else { continue }
                    #expect(master.host != node.host, "\(node) replicates \(master) on its host")
                    replicasOf[master, default: []].append(node)
                }
                #expect(replicasOf.count == 3)
                for (master, replicas) in replicasOf {
                    #expect(replicas.count == 2)
                    #expect(Set(replicas.map(\.host)).count == 2, "replicas \(replicas) of \(master) share a host")
                }
                // The layout returned is the cluster built.
                for shard in layout.shards {
                    #expect(Set(replicasOf[shard.master.address] ?? []) == Set(shard.replicas.map(\.address)))
                }
            }
        }
    }

    @Test("the command line: create --cluster-replicas 1 on 3 hosts with --json gives the layout; the cluster is ready when the process ends")
    func commandLineJSON() async throws {
        try await withLocalServers(6, hosts: Self.threeHosts) { servers in
            let nodes = servers.map(\.address)
            let run = try await TribProcess.run(["--json", "create", "--cluster-replicas", "1", "--cluster-yes"] + nodes.map(\.description))
            #expect(run.status == 0, "\(run.err)")
            try await Self.expectReady(nodes)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "\(run.out)")
            #expect(object["command"] as? String == "start_multi")
            #expect(object["applied"] as? Bool == true)
            #expect((object["warnings"] as? [Any])?.isEmpty == true)
            let masters = try #require(object["masters"] as? [[String: Any]])
            #expect(masters.count == 3)
            #expect(masters.compactMap { $0["slot_count"] as? Int }.reduce(0, +) == 16384)
            let actual = try await Self.masters(of: nodes)
            for master in masters {
                let replicas = try #require(master["replicas"] as? [[String: Any]])
                #expect(replicas.count == 1)
                for replica in replicas {
                    let address = try NodeAddress(parsing: try #require(replica["address"] as? String))
                    #expect(replica["host"] as? String != master["host"] as? String)
                    #expect(actual[address]??.description == master["address"] as? String)
                }
            }
        }
    }

    @Test("6 nodes on one host, as localhost:PORT: --strict-affinity refuses, all stay free; else a warning per replica, ready")
    func oneHost() async throws {
        try await withLocalServers(6) { servers in
            let nodes = servers.map(\.address)
            let named = nodes.map { "localhost:\($0.port)" }
            let strict = try await TribProcess.run(["create", "--replicas", "1", "--strict-affinity"] + named)
            #expect(strict.status == 1, "\(strict.out) \(strict.err)")
            #expect(strict.err.contains("--strict-affinity"), "\(strict.err)")
            #expect(strict.err.contains("replicates localhost:\(nodes[0].port) on the same host (127.0.0.1)"), "\(strict.err)")
            try await Self.expectFree(nodes)

            let run = try await TribProcess.run(["create", "--replicas", "1"] + named)
            #expect(run.status == 0, "\(run.err)")
            try await Self.expectReady(nodes)
            let lines = run.out.split(separator: "\n").map(String.init)
            #expect(lines.first == "layout: 3 masters, 3 replicas", "\(run.out)")
            #expect(lines.contains("  master localhost:\(nodes[0].port) (127.0.0.1)  slots 0-5461 (5462)"), "\(run.out)")
            #expect(lines.filter { $0.hasPrefix("[WARNING] ") && $0.hasSuffix("on the same host (127.0.0.1)") }.count == 3, "\(run.out)")
            #expect(lines.last?.hasPrefix("[OK] cluster of 3 masters and 3 replicas ready (3 affinity warnings)") == true, "\(run.out)")
            let actual = try await Self.masters(of: nodes)
            #expect(actual.values.compactMap { $0 }.count == 3)
        }
    }

    @Test("one node given as localhost:PORT and as 127.0.0.1:PORT is refused as the same node, nothing changed")
    func sameNodeTwice() async throws {
        try await withLocalServers(4) { servers in
            let nodes = servers.map(\.address)
            let given = [NodeAddress(host: "localhost", port: nodes[0].port)] + nodes
            await withOperator(.testing) { trib in
                let error = await #expect(throws: TribError.self) { try await trib.create(given, replicas: 1) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains("are the same node") == true, "\(error?.message ?? "")")
            }
            try await Self.expectFree(nodes)
        }
    }

    @Test("--dry-run prints the layout and the commands it would send, and every node stays free")
    func dryRun() async throws {
        try await withLocalServers(6, hosts: Self.threeHosts) { servers in
            let nodes = servers.map(\.address)
            let run = try await TribProcess.run(["--dry-run", "create", "--replicas", "1"] + nodes.map(\.description))
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("layout: 3 masters, 3 replicas"), "\(run.out)")
            #expect(run.out.contains("would send to \(nodes[0]): CLUSTER ADDSLOTS"), "\(run.out)")
            #expect(run.out.contains("CLUSTER REPLICATE"), "\(run.out)")
            #expect(run.out.contains("[DRY RUN] layout planned, nothing changed"), "\(run.out)")
            try await Self.expectFree(nodes)
        }
    }

    @Test("replicate --any-master: the master on another host with the fewest replicas, then one whose replicas are on other hosts")
    func anyMaster() async throws {
        // s0 .1, s1 .2, s2 .3, s3 .1, s4 .2, s5 .3, s6 .1. s0 is left without a replica, and the
        // servers' own replica migration would hand it one of s1's two: it is turned off here.
        try await withLocalServers(7, hosts: Self.threeHosts, extraArguments: ["--cluster-allow-replica-migration", "no"]) { servers in
            let s = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti([s[0], s[1], s[2]])
                try await trib.replicate(master: s[1], replica: s[5])
                // s3 is on s0's host; s1 has a replica already: s2.
                let first = try await trib.replicate(cluster: s[0], replica: s[3])
                #expect(first == s[2])
            }
            // s6 is on .1: s0 is on its host, s2's replica s3 is on its host too: s1.
            let run = try await TribProcess.run(["replicate", s[0].description, s[6].description, "--any-master"])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.hasPrefix("\(s[6]) replicates \(s[1]) (chosen"), "\(run.out)")
            let actual = try await Self.masters(of: s)
            #expect(actual[s[3]] == s[2])
            #expect(actual[s[5]] == s[1])
            #expect(actual[s[6]] == s[1])
        }
    }

    @Test("add-node NEW EXISTING: as an empty master; --cluster-slave --cluster-master-id PREFIX; --replica alone picks a master")
    func addNode() async throws {
        // s0 .1, s1 .2, s2 .3 the masters; s3 .1, s4 .2, s5 .3 added.
        try await withLocalServers(6, hosts: Self.threeHosts) { servers in
            let s = servers.map(\.address)
            try await buildCluster(Array(servers.prefix(3)))
            for bad in ["not-an-id", "abc"] {
                let refused = try await TribProcess.run(["add-node", s[4].description, s[0].description, "--cluster-master-id", bad])
                #expect(refused.status != 0)
                #expect(refused.err.contains("'\(bad)'"), "\(refused.err)")
            }
            try await Self.expectFree([s[3], s[4], s[5]])
            let plain = try await TribProcess.run(["add-node", s[3].description, s[0].description])
            #expect(plain.status == 0, "\(plain.err)")
            let added = try await readNode(s[3])
            #expect(added.myself?.isMaster == true)
            #expect(added.myself?.slots.isEmpty == true)
            #expect(added.topology.nodes.count == 4)

            let masterID = try await readNode(s[0]).id
            let byID = try await TribProcess.run([
                "add-node", s[4].description, s[1].description, "--cluster-slave", "--cluster-master-id", String(masterID.prefix(10)),
            ])
            #expect(byID.status == 0, "\(byID.err)")
            #expect(byID.out == "\(s[4]) replicates \(s[0])\n", "\(byID.out)")

            // s5 is on s2's host; s0 has a replica; s3 serves no slots: s1.
            let chosen = try await TribProcess.run(["add_node", s[5].description, s[0].description, "--replica"])
            #expect(chosen.status == 0, "\(chosen.err)")
            let actual = try await Self.masters(of: s)
            #expect(actual[s[4]] == s[0])
            #expect(actual[s[5]] == s[1])
            #expect(actual[s[3]] == .some(nil))
        }
    }

    @Test("zones (Valkey's availability-zone): 6 hosts, 2 per zone, given in order: masters in 3 zones, no replica in its master's zone; Redis 7.0 has none")
    func zones() async throws {
        let hosts = (1...6).map { "127.0.0.\($0)" }
        try await withLocalServers(6, hosts: hosts) { servers in
            let nodes = servers.map(\.address)
            var supported = false
            for (index, node) in nodes.enumerated() {
                try await withConnection(to: node) { connection in
                    let reply = try await connection.send("CONFIG", "GET", "availability-zone")
                    supported = reply.elements?.isEmpty == false
                    if supported {
                        try await connection.send("CONFIG", "SET", "availability-zone", ["a", "a", "b", "b", "c", "c"][index])
                    }
                }
            }
            try await withOperator(.testing) { trib in
                let layout = try await trib.create(nodes, replicas: 1)
                try await Self.expectReady(nodes)
                #expect(layout.warnings.isEmpty)
                let placed = layout.shards.flatMap { [$0.master] + $0.replicas }
                guard supported else {
                    #expect(placed.allSatisfy { $0.zone == nil })
                    return
                }
                // By hosts alone the masters would be the first three nodes: zones a, a, b.
                #expect(Set(layout.shards.compactMap(\.master.zone)) == ["a", "b", "c"])
                let actual = try await Self.masters(of: nodes)
                let zoneOf = Dictionary(uniqueKeysWithValues: placed.map { ($0.address, $0.zone) })
                for node in nodes {
                    guard let master = actual[node] ?? nil else { continue }
                    #expect(zoneOf[node] != nil && zoneOf[node] != zoneOf[master], "\(node) replicates \(master) in its zone")
                }
            }
        }
    }

    @Test("a user whose ACL refuses CONFIG still creates the cluster: its nodes report no zone")
    func withoutConfig() async throws {
        try await withLocalServers(2) { servers in
            let nodes = servers.map(\.address)
            for node in nodes {
                try await withConnection(to: node) { connection in
                    try await connection.send("ACL", "SETUSER", "trib", "on", ">secret", "~*", "&*", "+@all", "-config")
                }
            }
            let run = try await TribProcess.run(
                ["--json", "--user", "trib", "--no-auth-warning", "-a", "secret", "create", "--replicas", "1"] + nodes.map(\.description)
            )
            #expect(run.status == 0, "\(run.err)")
            try await Self.expectReady(nodes)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "\(run.out)")
            let masters = try #require(object["masters"] as? [[String: Any]])
            #expect(masters.count == 1)
            #expect(masters.allSatisfy { $0["zone"] is NSNull })
        }
    }

    @Test("a replica whose link cannot come up (a wrong masterauth): create fails after --timeout, naming that replica")
    func notReady() async throws {
        try await withLocalServers(2, extraArguments: ["--requirepass", "pw", "--masterauth", "wrong"]) { servers in
            let nodes = servers.map(\.address)
            let run = try await TribProcess.run(
                ["--no-auth-warning", "-a", "pw", "--timeout", "3", "create", "--replicas", "1"] + nodes.map(\.description)
            )
            #expect(run.status == 1, "\(run.out) \(run.err)")
            #expect(run.err.contains("the cluster was not ready within 3 s"), "\(run.err)")
            #expect(run.err.contains("replica links not up: \(nodes[1]) ("), "\(run.err)")
        }
    }
}
