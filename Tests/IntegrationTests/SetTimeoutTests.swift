import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// `set_timeout` against real servers (`$REDIS_TRIB_SERVER`): every node's value read back, and
/// the configuration file rewritten where a server has one.
@Suite("set_timeout on real servers", .serialized)
struct SetTimeoutTests {
    /// Each node's `cluster-node-timeout`.
    static func timeouts(_ addresses: [NodeAddress]) async throws -> [NodeAddress: Int] {
        var values: [NodeAddress: Int] = [:]
        for address in addresses {
            try await withConnection(to: address) { connection in
                let reply = try await connection.send("CONFIG", "GET", "cluster-node-timeout")
                values[address] = reply.elements?.last?.string.flatMap { Int($0) }
            }
        }
        return values
    }

    /// Builds 3 masters, each with a replica, on six servers.
    static func buildWithReplicas(_ trib: ClusterOperator, _ servers: [LocalServer]) async throws {
        try await trib.startMulti(servers.prefix(3).map(\.address))
        for index in 0..<3 {
            try await trib.replicate(master: servers[index].address, replica: servers[index + 3].address)
        }
    }

    @Test("3 masters and 3 replicas started with config files: every node has the new value, read back, and its file says so")
    func persisted() async throws {
        try await withLocalServers(6, configFile: true) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await Self.buildWithReplicas(trib, servers)
                #expect(Set(try await Self.timeouts(addresses).values) == [5000])
                let report = try await trib.setNodeTimeout(addresses[0], milliseconds: 7000)
                #expect(report.applied && report.failed.isEmpty)
                #expect(Set(report.nodes.compactMap(\.node.address)) == Set(addresses))
                #expect(report.nodes.allSatisfy { $0.previous == 5000 && $0.current == 7000 && $0.persisted && $0.configFile != nil })
                #expect(try await Self.timeouts(addresses) == Dictionary(uniqueKeysWithValues: addresses.map { ($0, 7000) }))
                for server in servers {
                    let file = try String(contentsOfFile: server.directory + "/server.conf", encoding: .utf8)
                    #expect(file.split(separator: "\n").contains("cluster-node-timeout 7000"), "\(server.address): \(file)")
                }
            }
        }
    }

    @Test("servers without a config file: set on every node, reported as not persisted, which is no error; a dry run changes nothing")
    func notPersistedAndDryRun() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { trib in
                var options = OperationOptions.testing
                options.dryRun = true
                let plan = try await withOperator(options) { try await $0.setNodeTimeout(addresses[1], milliseconds: 9000) }
                #expect(!plan.applied && plan.nodes.count == 3 && plan.nodes.allSatisfy { $0.previous == 5000 && $0.current == 9000 })
                #expect(Set(try await Self.timeouts(addresses).values) == [5000])

                let report = try await trib.setNodeTimeout(addresses[1], milliseconds: 9000)
                #expect(report.failed.isEmpty)
                #expect(report.nodes.allSatisfy { !$0.persisted && $0.configFile == nil && $0.current == 9000 })
                #expect(Set(try await Self.timeouts(addresses).values) == [9000])
            }
        }
    }

    @Test("through the binary: the table and exit 0; a stopped node is named with exit 1 after the others are set; MS out of range is a usage error")
    func throughTheBinary() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(addresses.prefix(3).map { $0 })
                try await trib.replicate(master: addresses[0], replica: addresses[3])
            }
            let run = try await TribProcess.run(["set-timeout", addresses[0].description, "6000"])
            #expect(run.status == 0, "\(run.err)")
            let lines = run.out.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("NODE ") == true && lines.count == 6, "\(run.out)")
            #expect(lines.last == "[OK] cluster-node-timeout is 6000 ms on 4 nodes")
            #expect(Set(try await Self.timeouts(addresses).values) == [6000])

            // A statement of a script, without its node: the default cluster of `connect`.
            let script = try await TribProcess.run(["-c", "connect \(addresses[0])\nset_timeout 6500\necho after"])
            #expect(script.status == 0, "\(script.err)")
            #expect(script.out.hasSuffix("[OK] cluster-node-timeout is 6500 ms on 4 nodes\nafter\n"), "\(script.out)")
            #expect(Set(try await Self.timeouts(addresses).values) == [6500])

            let tooSmall = try await TribProcess.run(["set_timeout", addresses[0].description, "50"])
            #expect(tooSmall.status == 2)
            #expect(tooSmall.err.contains("MS") && tooSmall.err.contains("100"), "\(tooSmall.err)")
            #expect(Set(try await Self.timeouts(addresses).values) == [6500])

            await servers[3].stop()
            let partial = try await TribProcess.run(["--json", "set_timeout", addresses[0].description, "8000"])
            #expect(partial.status == 1, "\(partial.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(partial.out.utf8)) as? [String: Any], "\(partial.out)")
            #expect(object["ok"] as? Bool == false)
            let nodes = try #require(object["nodes"] as? [[String: Any]])
            let failed = nodes.filter { !($0["error"] is NSNull) }
            #expect(failed.map { $0["address"] as? String } == [addresses[3].description])
            #expect(Set(try await Self.timeouts(Array(addresses.prefix(3))).values) == [8000])
        }
    }
}
