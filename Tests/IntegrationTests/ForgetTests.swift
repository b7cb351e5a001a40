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

/// `forget` against real servers (`$REDIS_TRIB_SERVER`): a node killed for good is forgotten by
/// every live node, and the refusals change nothing. What happens when its process comes back
/// depends on the server: Redis keeps it out, Valkey 8.1 and later take it back (valkey-io/valkey#2788).
@Suite("forget on real servers", .serialized)
struct ForgetTests {
    /// Servers that notice a dead node within seconds.
    static let quickFailure = ["--cluster-node-timeout", "2000"]

    /// Whether the server re-sends MEET to peers that dropped it: Valkey 8.1 and later (valkey-io/valkey#1307).
    static func meetsItsWayBack(_ node: NodeAddress) async throws -> Bool {
        var valkey = false
        try await withConnection(to: node) { connection in
            valkey = infoFields(try await connection.send("INFO", "server").string ?? "")["valkey_version"] != nil
        }
        return valkey
    }

    /// Whether any of `nodes` lists the node with this id.
    func listed(_ id: String, by nodes: [NodeAddress]) async throws -> [NodeAddress] {
        var listing: [NodeAddress] = []
        for node in nodes where try await readNode(node).topology.node(id: id) != nil {
            listing.append(node)
        }
        return listing
    }

    @Test(
        "a killed master with no slots: refused while alive, a dry run sends nothing, then forgotten by every live node with keys kept; back with its nodes.conf, Redis keeps it out (check healthy from the live nodes, an unknown-node error from it), Valkey 8.1+ lets it MEET its way back and it is forgotten again"
    )
    func killedEmptyMaster() async throws {
        let launcher = try LocalServerLauncher(extraArguments: Self.quickFailure)
        var servers = try await launcher.start(count: 5)
        do {
            let masters = servers.prefix(3).map(\.address)
            let (a, d, e) = (masters[0], servers[3].address, servers[4].address)
            let live = masters + [e]
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.joinNoLoad(cluster: a, newNode: d)
                try await trib.replicate(master: d, replica: e)
            }
            let id = try #require(try await ownView(d)?.id)
            let aID = try #require(try await ownView(a)?.id)
            let prefix = String(id.prefix(10))

            // A replica follows it: refused, naming the replica and what to do; nothing changes.
            var before = try await readConfigurations(live + [d])
            let followed = try await TribProcess.run(["forget", a.description, prefix])
            #expect(followed.status == 1, "\(followed.err)")
            #expect(followed.err.contains("live replica(s) \(e) still follow it: make each replicate another master"), "\(followed.err)")
            try await assertUnchanged(before)
            try await withConnection(to: e) { connection in
                try await connection.send("CLUSTER", "REPLICATE", aID)
            }
            let eID = try #require(try await ownView(e)?.id)
            let moved = try await pollUntil {
                try await (live + [d]).asyncMap(readNode).allSatisfy { $0.topology.node(id: eID)?.masterID == aID }
            }
            #expect(moved, "\(e) does not replicate \(a) in every view")
            let keys = try await fillKeys(a, count: 600, prefix: "forget")

            // Alive: refused, naming the node and `quit`; nothing changes.
            #expect(try await waitUntilReplicated(e, from: a))
            before = try await readConfigurations(live + [d])
            let alive = try await TribProcess.run(["forget", a.description, prefix])
            #expect(alive.status == 1, "\(alive.err)")
            #expect(alive.err.contains("still answers: it is alive") && alive.err.contains("`quit \(d)`"), "\(alive.err)")
            try await assertUnchanged(before)

            servers[3].signal(SIGKILL)
            // A dry run plans the FORGETs and sends none.
            let dry = try await TribProcess.run(["--dry-run", "forget", a.description, prefix])
            #expect(dry.status == 0, "\(dry.err)")
            #expect(try await listed(id, by: live) == live)

            let forgot = try await TribProcess.run(["--json", "forget", a.description, prefix])
            #expect(forgot.status == 0, "\(forgot.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(forgot.out.utf8)) as? [String: Any], "\(forgot.out)")
            #expect(object["command"] as? String == "forget")
            #expect((object["message"] as? String)?.hasPrefix("4 live nodes of the cluster of \(a) forgot \(id) (\(d))") == true, "\(forgot.out)")
            #expect(try await listed(id, by: live) == [])
            // The replica that moved to a syncs from it first: until then check says so.
            var report: ClusterCheckReport?
            let healthy = try await pollUntil {
                report = try await withOperator(.testing) { try await $0.check(a) }
                return report?.isHealthy == true
            }
            #expect(healthy, "\(report?.findings ?? [])")
            #expect(Set(report?.checkedNodes ?? []) == Set(live))
            try await assertKeys(keys, on: live)

            // Its process comes back with its nodes.conf: it still lists the others, they do not take it back.
            await servers[3].stop()
            servers[3] = try await launcher.restart(servers[3])
            #expect(try await ownView(d)?.id == id)
            let backLists = try await pollUntil(timeout: .seconds(10)) {
                try await readNode(d).topology.nodes.count == live.count + 1
            }
            #expect(backLists, "the restarted node does not list the others")
            if try await Self.meetsItsWayBack(d) {
                // Valkey 8.1 and later: a node with an outbound link and no inbound one sends MEET, which
                // its peers accept even while they ban it (valkey-io/valkey#2788): it is taken back.
                // Some or all live nodes take it back (the MEET races the ban): the remedy is to stop it and forget it again.
                // Under the load of the parallel suites the MEET has taken more than 30 s.
                let taken = try await pollUntil(timeout: .seconds(90)) { try await !listed(id, by: live).isEmpty }
                #expect(taken, "the Valkey node did not MEET its way back")
                servers[3].signal(SIGKILL)
                // From any live node: forget finds it in the views of those that took it back.
                // Unless no live node lists it any more by the time forget reads them (it was taken back
                // only in handshake, under a temporary id): then forget says the id is unknown.
                let again = try await TribProcess.run(["forget", a.description, prefix])
                #expect(again.status == 0 || again.err.contains("has an id starting with '\(prefix)'"), "\(again.err)")
                #expect(try await listed(id, by: live) == [])
                let fromLive = try await TribProcess.run(["check", a.description])
                #expect(fromLive.status == 0, "\(fromLive.out)\(fromLive.err)")
            } else {
                for _ in 0..<10 {
                    let views = try await live.asyncMap(readNode).compactMap { $0.topology.node(id: id) }
                    #expect(views.isEmpty, "\(views.map { "\($0.flags) \($0.address?.description ?? "")" })")
                    try await Task.sleep(for: .milliseconds(300))
                }
                let fromLive = try await TribProcess.run(["check", a.description])
                #expect(fromLive.status == 0, "\(fromLive.out)\(fromLive.err)")
                let fromBack = try await withOperator(.testing) { try await $0.check(d) }
                let unknown = fromBack.findings.filter { $0.kind == .unknownNode }
                #expect(unknown.count == 1, "\(fromBack.findings)")
                #expect(unknown.first?.nodes.first?.id == id)
                #expect(unknown.first.map { finding in live.allSatisfy { finding.message.contains($0.description) } } == true, "\(unknown)")
                #expect(!fromBack.isHealthy)
            }
            try await assertKeys(keys, on: live)
            await launcher.stop(servers)
        } catch {
            await launcher.stop(servers)
            throw error
        }
    }

    @Test("a killed replica is forgotten; a dead master that owns slots is refused, naming the slots, and every node still lists it")
    func replicaAndOwningMaster() async throws {
        try await withLocalServers(4, extraArguments: Self.quickFailure) { servers in
            let live = servers.prefix(2).map(\.address)
            let (a, c, d) = (servers[0].address, servers[2].address, servers[3].address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(servers.prefix(3).map(\.address))
                try await trib.replicate(master: a, replica: d)
            }
            let keys = try await fillKeys(a, count: 300, prefix: "owning")
            let cNode = try #require(try await ownView(c))
            let dID = try #require(try await ownView(d)?.id)
            servers[2].signal(SIGKILL)
            servers[3].signal(SIGKILL)
            // The failure flags settle first, so that what is compared afterwards is what forget saw.
            let settled = try await pollUntil {
                try await live.asyncMap(readNode).allSatisfy { reading in
                    reading.topology.node(id: cNode.id)?.isAgreedFailed == true && reading.topology.node(id: dID)?.isAgreedFailed == true
                        && reading.info["cluster_state"] == "fail"
                }
            }
            #expect(settled, "the live nodes do not agree that both killed nodes failed")
            let before = try await readConfigurations(live)
            let owning = await withOperator(.testing) { trib -> TribError? in
                do throws(TribError) {
                    try await trib.forget(cluster: a, nodeID: cNode.id)
                    return nil
                } catch {
                    return error
                }
            }
            // The node given as the cluster is refused by its own id.
            let aID = try #require(try await ownView(a)?.id)
            let itself = try await TribProcess.run(["forget", a.description, String(aID.prefix(8))])
            #expect(itself.status == 2, "\(itself.err)")
            #expect(itself.err.contains("is \(a) itself, the node given as the cluster"), "\(itself.err)")
            #expect(owning?.code == .preconditionFailed)
            #expect(owning?.message.contains("still owns slot(s) \(cNode.slots)") == true, "\(owning?.message ?? "")")
            try await assertUnchanged(before)
            #expect(try await listed(cNode.id, by: live) == live)

            // The replica: by a script's default cluster and a prefix, once the dead master is flagged
            // failed (a node that is neither flagged nor answering cannot be told to forget).
            let flagged = try await pollUntil {
                try await live.asyncMap(readNode).allSatisfy { $0.topology.node(id: cNode.id)?.isFailed == true }
            }
            #expect(flagged, "the live nodes did not flag \(c) failed")
            let script = try await TribProcess.run(["-c", "connect \(a)\nforget \"\(dID.prefix(12))\""])
            #expect(script.status == 0, "\(script.err)")
            #expect(try await listed(dID, by: live) == [])
            #expect(try await listed(cNode.id, by: live) == live)
            let counted = try await totalKeys(live)
            #expect(counted == keys.filter { key, _ in cNode.slots.contains(HashSlot.forKey(key.readableBytesView)) == false }.count)
        }
    }
}
