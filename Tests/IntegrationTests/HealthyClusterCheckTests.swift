import RESP
import RedisTrib
import Testing
import TribCommands

/// `check` of healthy clusters with replicas, their nodes spread over three loopback hosts so that
/// no replica shares its master's host: no finding at all, and exit status 0 from the binary.
@Suite("check of healthy clusters", .serialized)
struct HealthyClusterCheckTests {
    static let hosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]

    @Test("3 masters and 3 replicas made by replicate, over 3 hosts: no finding, [OK] and exit 0")
    func sixNodes() async throws {
        try await withLocalServers(6, hosts: Self.hosts) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses[0..<3]))
                // Server i is on host i % 3: replica 3 + i of master (i + 1) % 3 is on another host.
                for index in 0..<3 {
                    try await trib.replicate(master: addresses[(index + 1) % 3], replica: addresses[3 + index])
                }
                var findings: [CheckFinding] = []
                #expect(
                    try await pollUntil {
                        findings = try await trib.check(addresses[0]).findings
                        return findings.isEmpty
                    }, "\(findings)")
                let run = try await TribProcess.run(["check", addresses[4].description])
                #expect(run.status == 0, "\(run.err)")
                #expect(run.out == "[OK] 6 nodes checked: no errors, no warnings\n")
            }
        }
    }

    @Test("15 masters and 15 replicas over 3 hosts: no finding, and every node checked")
    func thirtyNodes() async throws {
        try await withLocalServers(30, hosts: Self.hosts) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<15])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                let keys = try await fillKeys(masters[0], count: 2000)
                // The replicas are set up with the servers' own commands, in parallel.
                var masterIDs: [String] = []
                for master in masters {
                    masterIDs.append(try #require(try await ownView(master)?.id))
                }
                for replica in addresses[15..<30] {
                    try await withConnection(to: replica) { connection in
                        try await connection.send("CLUSTER", "MEET", masters[0].host, "\(masters[0].port)")
                    }
                }
                #expect(try await pollUntil { try await readNode(masters[0]).topology.nodes.count == 30 })
                for (index, replica) in addresses[15..<30].enumerated() {
                    // Server 15 + i is on host i % 3 and follows master i - 1 (mod 15), on another host.
                    let masterID = masterIDs[(index + 14) % 15]
                    #expect(
                        try await pollUntil {
                            var known = false
                            try await withConnection(to: replica) { connection in
                                // Unknown node until gossip tells the replica of its master.
                                known = (try? await connection.send("CLUSTER", "REPLICATE", masterID))?.string == "OK"
                            }
                            return known
                        })
                }
                var report: ClusterCheckReport?
                #expect(
                    try await pollUntil(timeout: .seconds(60)) {
                        report = try await trib.check(addresses[29])
                        return report?.findings.isEmpty == true
                    }, "\(report?.findings.map(\.message) ?? [])")
                #expect(report?.checkedNodes.count == 30)
                try await assertKeys(keys, on: addresses)
            }
        }
    }
}
