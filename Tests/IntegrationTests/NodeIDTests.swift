import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// Nodes given by id or id prefix instead of `HOST:PORT`, against real servers (`$REDIS_TRIB_SERVER`).
@Suite("node ids on real servers", .serialized)
struct NodeIDTests {
    @Test(
        "node(_:inClusterOf:) finds a node by another name and by prefix; migrate_slots with source and target by id prefix moves the slots with every key and value; localhost names the node at 127.0.0.1"
    )
    func migrateByPrefix() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                let aID = try #require(try await ownView(a)?.id)
                let bID = try #require(try await ownView(b)?.id)
                // The library's lookup: an address by the id it answers, an id prefix among the cluster's nodes.
                let local = NodeAddress(host: "localhost", port: a.port)
                let byName = try await trib.node(.address(local), inClusterOf: b)
                #expect(byName.id == aID && byName.address == a)
                #expect(try await trib.node(NodeReference(parsing: String(aID.prefix(8))), inClusterOf: c).id == aID)
                let moved = try SlotSet(parsing: "0-9")
                let keys = SlotKeys(slots: moved, perSlot: 20)
                try await keys.write(to: a)
                let total = try await totalKeys([a, b, c])
                #expect(total == 200)

                let script = try await TribProcess.run(["-c", "connect \(c)\nmigrate_slots \"\(aID.prefix(8))\" \"\(bID.prefix(9))\" 0-9"])
                #expect(script.status == 0, "\(script.err)")
                #expect(script.out.contains("moved 10 slot(s) with 200 key(s) from \(a) to \(b)"), "\(script.out)")
                #expect(try await keys.missing(on: b) == [])
                #expect(try await totalKeys([a, b, c]) == total)
                #expect(try await ownView(b).map { moved.isSubset(of: $0.slots) } == true)

                // On the command line: the target by id, looked up in the cluster of the source given by address.
                let back = try await TribProcess.run(["migrate_slots", b.description, String(aID.prefix(12)), "0-4"])
                #expect(back.status == 0, "\(back.err)")
                // The target by another name of the same node: matched by its id, not the text of its address.
                let renamed = try await TribProcess.run(["migrate_slots", b.description, local.description, "5-9"])
                #expect(renamed.status == 0, "\(renamed.err)")
                #expect(try await keys.missing(on: a) == [])
                #expect(try await totalKeys([a, b, c]) == total)
                #expect(try await ownView(a).map { moved.isSubset(of: $0.slots) } == true)
            }
        }
    }

    @Test("check with an id prefix after connect; a prefix too short, unknown, or with no cluster exits 2 with a clear error and changes nothing")
    func checkAndBadPrefixes() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { _ in
                let bID = try #require(try await ownView(b)?.id)
                let check = try await TribProcess.run(["-c", "connect \(a)\ncheck \"\(bID.prefix(8))\""])
                #expect(check.status == 0, "\(check.err)")
                #expect(check.out.hasSuffix("[OK] 3 nodes checked: no errors, 3 warnings\n"), "\(check.out)")

                let before = try await readConfigurations([a, b, c])
                let unknownID = String(repeating: bID.hasPrefix("f") ? "e" : "f", count: 10)
                let cases: [([String], String)] = [
                    (["-c", "connect \(a)\ncheck \"\(bID.prefix(7))\""], "'\(bID.prefix(7))' is not a node address (HOST:PORT), and too short for a node id"),
                    (["migrate_slots", a.description, String(bID.prefix(7)), "0"], "DST: '\(bID.prefix(7))' is not a node address"),
                    (
                        ["-c", "connect \(a)\nmigrate_slots \(a) \(unknownID) 0"],
                        "DST: no node of the cluster of \(a) has an id starting with '\(unknownID)' (3 known nodes)"
                    ),
                    (["fix", unknownID], "NODE: '\(unknownID)' is a node id, and an id needs a cluster to look it up in"),
                    (
                        ["migrate_slots", String(bID.prefix(8)), unknownID, "0"],
                        "SRC: '\(bID.prefix(8))' is a node id, and an id needs a cluster to look it up in"
                    ),
                ]
                for (arguments, message) in cases {
                    let run = try await TribProcess.run(arguments)
                    #expect(run.status == 2, "\(arguments): \(run.err)")
                    #expect(run.err.contains(message), "\(arguments): \(run.err)")
                }
                try await assertUnchanged(before)
            }
        }
    }

    @Test("in a script after connect: replicate a master given by prefix, fix by prefix, then quit the replica by prefix")
    func replicateFixAndQuitByPrefix() async throws {
        try await withLocalServers(4) { servers in
            let (a, b, c, d) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address)
            try await buildCluster(Array(servers.prefix(3)))
            let keys = try await fillKeys(a, count: 300, prefix: "byid")
            let aID = try #require(try await ownView(a)?.id)
            let dID = try #require(try await ownView(d)?.id)
            let joined = try await TribProcess.run(["-c", "connect \(b)\nreplicate \"\(aID.prefix(8))\" \(d)\nfix \"\(aID.prefix(10))\""])
            #expect(joined.status == 0, "\(joined.err)")
            #expect(try await readNode(b).topology.node(id: dID)?.masterID == aID)
            let quit = try await TribProcess.run(["-c", "connect \(c)\nquit \"\(dID.prefix(8))\""])
            #expect(quit.status == 0, "\(quit.err)")
            #expect(try await readNode(b).topology.node(id: dID) == nil)
            #expect(try await readNode(d).topology.nodes.count == 1)
            try await assertKeys(keys, on: [a, b, c])
        }
    }
}
