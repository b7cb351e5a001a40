import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `check` against real servers (`$REDIS_TRIB_SERVER`): each broken state made by hand with the
/// servers' own commands, and the cluster left as it was by `check` itself.
@Suite("check on real servers", .serialized)
struct ClusterCheckTests {
    @Test("a cluster of three masters just built is healthy: only the warnings that no master has a replica")
    func healthy() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { trib in
                let before = try await readConfigurations(addresses)
                let report = try await trib.check(addresses[0])
                #expect(report.isHealthy)
                #expect(report.findings.filter { $0.severity == .error } == [])
                #expect(report.findings.map(\.kind) == Array(repeating: .masterWithoutReplica, count: 3))
                #expect(Set(report.checkedNodes) == Set(addresses))
                try await assertUnchanged(before)
            }
        }
    }

    @Test("a lone IMPORTING set by hand is an error naming the importing node and the source it names")
    func loneImporting() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                let bID = try #require(try await ownView(b)?.id)
                let cID = try #require(try await ownView(c)?.id)
                // Slot 100 is A's: B, named as the source, is not migrating it.
                try await withConnection(to: c) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", bID)
                }
                let before = try await readConfigurations([a, b, c])
                let report = try await trib.check(a)
                let lone = report.findings.filter { $0.kind == .loneImporting }
                let cReference = Disagreement.NodeReference(id: cID, address: c)
                let bReference = Disagreement.NodeReference(id: bID, address: b)
                #expect(
                    lone == [
                        CheckFinding(
                            .loneImporting,
                            "\(cReference) has slot 100 IMPORTING from \(bReference), but \(bReference) does not have it MIGRATING to \(cReference)",
                            nodes: [cReference, bReference], slots: [try HashSlot(100)])
                    ])
                #expect(!report.isHealthy)
                #expect(report.findings.filter { $0.severity == .error } == lone)
                try await assertUnchanged(before)
            }
        }
    }

    @Test("a key left in a slot its node neither owns nor imports is an error naming the node, the slot and the count")
    func strayKeys() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                let aID = try #require(try await ownView(a)?.id)
                let cID = try #require(try await ownView(c)?.id)
                // Slot 100 is A's. C imports it for a moment, takes one key with ASKING, and closes it.
                let key = try #require(SlotKeys(slots: [try HashSlot(100)], perSlot: 1).values.first)
                try await withConnection(to: c) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", aID)
                    let replies = try await connection.pipeline([
                        RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), key.key, key.value]),
                    ])
                    #expect(replies.allSatisfy { $0.string == "OK" })
                    try await connection.send("CLUSTER", "SETSLOT", "100", "STABLE")
                }
                let before = try await readConfigurations([a, b, c])
                let report = try await trib.check(b)
                let cReference = Disagreement.NodeReference(id: cID, address: c)
                let stray = report.findings.filter { $0.kind == .keysInUnownedSlots }
                #expect(
                    stray == [
                        CheckFinding(
                            .keysInUnownedSlots, "\(cReference) holds 1 key(s) in slot 100, which it neither owns nor imports",
                            nodes: [cReference], slots: [try HashSlot(100)])
                    ])
                #expect(!report.isHealthy)
                try await assertUnchanged(before)
            }
        }
    }

    @Test("a cluster-node-timeout set differently on one node is a warning naming each value and its nodes")
    func differingSetting() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                var timeout = ""
                try await withConnection(to: a) { connection in
                    timeout = try #require(try await connection.send("CONFIG", "GET", "cluster-node-timeout").elements?.last?.string)
                }
                try await withConnection(to: c) { connection in
                    try await connection.send("CONFIG", "SET", "cluster-node-timeout", "123456")
                }
                let report = try await trib.check(a)
                var references: [Disagreement.NodeReference] = []
                for address in [a, b, c] {
                    references.append(Disagreement.NodeReference(id: try #require(try await ownView(address)?.id), address: address))
                }
                let expected = "cluster-node-timeout differs between the nodes: \(timeout) on \(references[0]), \(references[1]); 123456 on \(references[2])"
                #expect(report.findings.filter { $0.kind == .settingDiffers } == [CheckFinding(.settingDiffers, expected, nodes: references)])
                #expect(report.findings.allSatisfy { $0.severity == .warning }, "\(report.findings)")
            }
        }
    }

    @Test("slots deleted with DELSLOTSRANGE are uncovered, as one exact range")
    func uncovered() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { trib in
                // On the owner first, then on the others: a node forgets an owner only when told,
                // so after this no view assigns the slots.
                for address in addresses {
                    try await withConnection(to: address) { connection in
                        try await connection.send("CLUSTER", "DELSLOTSRANGE", "100", "199")
                    }
                }
                // cluster-require-full-coverage is on: every node stops serving.
                #expect(
                    try await pollUntil {
                        var states: [String] = []
                        for address in addresses { states.append(try await readNode(address).info["cluster_state"] ?? "") }
                        return states.allSatisfy { $0 == "fail" }
                    })
                let ids = try await addresses.asyncMap { try await readNode($0).id }
                let report = try await trib.check(addresses[0])
                let sorted = zip(addresses, ids).sorted { $0.0 < $1.0 }
                #expect(
                    report.findings.filter { $0.severity == .error } == [
                        CheckFinding(
                            .uncoveredSlots, "slots 100-199 are served by no node: no view assigns them to a master", nodes: [],
                            slots: try SlotSet(parsing: "100-199")),
                        CheckFinding(
                            .clusterStateFail,
                            sorted.map(\.0.description).dropLast().joined(separator: ", ") + " and \(sorted[2].0) report cluster_state:fail, "
                                + "so they refuse clients' commands",
                            nodes: sorted.map { Disagreement.NodeReference(id: $0.1, address: $0.0) }),
                    ])
                #expect(!report.isHealthy)
            }
        }
    }

    @Test("a node killed is an unreachable-node error naming it; the others are still read")
    func unreachable() async throws {
        // A long node timeout: under load the check may take seconds, and the others must not flag
        // the dead node failed meanwhile (that is another test's finding).
        try await withLocalServers(3, extraArguments: ["--cluster-node-timeout", "60000"]) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { trib in
                let deadID = try #require(try await ownView(addresses[2])?.id)
                servers[2].signal(SIGKILL)
                let report = try await trib.check(addresses[0])
                let dead = Disagreement.NodeReference(id: deadID, address: addresses[2])
                let errors = report.findings.filter { $0.severity == .error }
                #expect(errors.map(\.kind) == [.unreachableNode])
                #expect(errors.first?.nodes == [dead])
                #expect(errors.first?.message.hasPrefix("\(dead) could not be reached: ") == true, "\(errors)")
                #expect(report.checkedNodes == Array(addresses[0..<2]))
                #expect(!report.isHealthy)
            }
        }
    }

    @Test("a replica whose master was killed: the master is unreachable and the replica's link down, both errors naming them")
    func replicaLinkDown() async throws {
        // A node timeout long enough that the replica does not take over while check reads.
        try await withLocalServers(3, extraArguments: ["--cluster-node-timeout", "60000"]) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses[0..<2]))
                try await trib.replicate(master: addresses[0], replica: addresses[2])
                #expect(
                    try await pollUntil {
                        try await trib.check(addresses[0]).findings.allSatisfy { $0.severity == .warning }
                    }, "a new replica's link comes up")
                let masterID = try #require(try await ownView(addresses[0])?.id)
                let replicaID = try #require(try await ownView(addresses[2])?.id)
                servers[0].signal(SIGKILL)
                let master = Disagreement.NodeReference(id: masterID, address: addresses[0])
                let replica = Disagreement.NodeReference(id: replicaID, address: addresses[2])
                var errors: [CheckFinding] = []
                #expect(
                    try await pollUntil {
                        errors = try await trib.check(addresses[1]).findings.filter { $0.severity == .error }
                        return errors.map(\.kind) == [.unreachableNode, .replicaLinkDown]
                    }, "\(errors)")
                #expect(errors.first?.nodes == [master])
                #expect(
                    errors.last == CheckFinding(.replicaLinkDown, "\(replica) is a replica of \(master) and its link to it is down", nodes: [replica, master]))
            }
        }
    }

    @Test(
        "the binary: a healthy cluster exits 0 with [WARNING]s and [OK], a lone IMPORTING exits 1 with an [ERR] naming both nodes; --json and -c too"
    )
    func throughTheBinary() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { _ in
                let healthy = try await TribProcess.run(["check", a.description])
                #expect(healthy.status == 0, "\(healthy.err)")
                let lines = healthy.out.split(separator: "\n")
                #expect(lines.dropLast().count == 3 && lines.dropLast().allSatisfy { $0.hasPrefix("[WARNING] ") }, "\(healthy.out)")
                #expect(lines.last == "[OK] 3 nodes checked: no errors, 3 warnings")
                // A statement prints the report and the script goes on.
                // Without a node, the default cluster of `connect`.
                let script = try await TribProcess.run(["-c", "connect \(a)\ncheck\necho after"])
                #expect(script.status == 0, "\(script.err)")
                #expect(script.out.hasSuffix("[OK] 3 nodes checked: no errors, 3 warnings\nafter\n"), "\(script.out)")

                let bID = try #require(try await ownView(b)?.id)
                let cID = try #require(try await ownView(c)?.id)
                try await withConnection(to: c) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", bID)
                }
                let broken = try await TribProcess.run(["check", a.description])
                #expect(broken.status == 1, "\(broken.err)")
                let errors = broken.out.split(separator: "\n").filter { $0.hasPrefix("[ERR] ") }
                #expect(errors.count == 2, "\(broken.out)")
                #expect(errors.first.map { $0.contains("\(c) (") && $0.contains("\(b) (") && $0.contains("slot 100 IMPORTING") } == true)
                #expect(errors.last == "[ERR] 3 nodes checked: 1 error, 3 warnings")

                let json = try await TribProcess.run(["--json", "check", a.description])
                #expect(json.status == 1)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
                #expect(object["command"] as? String == "check")
                #expect(object["healthy"] as? Bool == false)
                #expect(Set(object["checked"] as? [String] ?? []) == Set([a, b, c].map(\.description)))
                let findings = try #require(object["findings"] as? [[String: Any]])
                let lone = try #require(findings.first { $0["kind"] as? String == "lone-importing" })
                #expect(lone["severity"] as? String == "error")
                #expect(lone["slots"] as? String == "100")
                let nodes = try #require(lone["nodes"] as? [[String: Any]])
                #expect(nodes.map { $0["id"] as? String } == [cID, bID])
                #expect(nodes.map { $0["address"] as? String } == [c.description, b.description])
                #expect(findings.filter { $0["severity"] as? String == "warning" }.count == 3)

                // In a script the report is printed and does not fail it.
                let statement = try await TribProcess.run(["-c", "check \(a)"])
                #expect(statement.status == 0, "\(statement.err)")
                #expect(statement.out.hasSuffix("[ERR] 3 nodes checked: 1 error, 3 warnings\n"), "\(statement.out)")
                // In call form, a list of maps: the error is the lone IMPORTING slot, naming both nodes.
                let call = try await TribProcess.run([
                    "-c",
                    """
                    def is_error(f) { return $f.severity == "error" }
                    let f = check(\(a))
                    let e = filter($f, is_error)
                    echo ${len($f)} ${len($e)} $e[0].kind $e[0].slots ${len($e[0].nodes)}
                    """,
                ])
                #expect(call.status == 0, "\(call.err)")
                #expect(call.out == "4 1 lone-importing 100 2\n", "\(call.out)")
            }
        }
    }
}
