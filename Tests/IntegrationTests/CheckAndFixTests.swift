import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// Broken states made by hand, each named exactly by `check`, repaired by `fix` with every key
/// kept, after which `check` is healthy; and a replica on its master's host, which `check` warns of.
@Suite("check names it, fix repairs it")
struct CheckAndFixTests {
    @Test(
        "a lone MIGRATING set by hand on the owner of a slot with keys: check names both nodes (text and --json); fix settles it with every key kept; check is healthy"
    )
    func loneMigrating() async throws {
        try await withLocalServers(3) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            try await withCluster(servers) { trib in
                let aID = try #require(try await ownView(a)?.id)
                let bID = try #require(try await ownView(b)?.id)
                let slot = try HashSlot(100)
                let keys = SlotKeys(slots: [slot], perSlot: 6)
                try await keys.write(to: a)
                try await withConnection(to: a) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "MIGRATING", bID)
                }
                let report = try await trib.check(a)
                let (aRef, bRef) = (Disagreement.NodeReference(id: aID, address: a), Disagreement.NodeReference(id: bID, address: b))
                #expect(
                    report.findings.filter { $0.severity == .error } == [
                        CheckFinding(
                            .loneMigrating, "\(aRef) has slot 100 MIGRATING to \(bRef), but \(bRef) does not have it IMPORTING from \(aRef)",
                            nodes: [aRef, bRef], slots: [slot])
                    ])
                let run = try await TribProcess.run(["--json", "check", a.description])
                #expect(run.status == 1)
                #expect(run.out.contains("\"kind\":\"lone-migrating\""), "\(run.out)")

                let plan = try await trib.fix(a)
                #expect(!plan.isEmpty && plan.leftUndone.isEmpty, "\(plan)")
                #expect(try await ownView(a)?.migrating.isEmpty == true)
                #expect(try await trib.check(a).isHealthy)
                #expect(try await totalKeys(servers.map(\.address)) == keys.values.count)
                let owner = try #require(try await readNode(a).topology.owner(of: slot)?.address)
                #expect(try await keys.missing(on: owner) == [])
                #expect(try await trib.fix(a).isEmpty)
            }
        }
    }

    @Test("a replica on its master's host: a warning naming both and the host; the cluster stays healthy")
    func replicaOnMasterHost() async throws {
        try await withLocalServers(3, hosts: ["127.0.0.1", "127.0.0.2", "127.0.0.1"]) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses[0..<2]))
                try await trib.replicate(master: addresses[0], replica: addresses[2])
                let master = Disagreement.NodeReference(id: try #require(try await ownView(addresses[0])?.id), address: addresses[0])
                let replica = Disagreement.NodeReference(id: try #require(try await ownView(addresses[2])?.id), address: addresses[2])
                var report: ClusterCheckReport?
                #expect(
                    try await pollUntil {
                        report = try await trib.check(addresses[1])
                        return report?.findings.allSatisfy { $0.severity == .warning && $0.kind != .replicaSyncing } == true
                    }, "\(report?.findings ?? [])")
                #expect(
                    report?.findings.filter { $0.kind == .replicaOnMasterHost } == [
                        CheckFinding(.replicaOnMasterHost, "\(replica) is a replica of \(master) on the same host, 127.0.0.1", nodes: [replica, master])
                    ])
                #expect(report?.isHealthy == true)
            }
        }
    }
}
