import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `del_node`, redis-cli's `del-node CLUSTER_NODE NODE_ID`, against real servers
/// (`$REDIS_TRIB_SERVER`): a node that answers quits, its slots moved first; one that is gone is
/// forgotten. Keys are counted and their values checked before and after.
@Suite("del_node on real servers", .serialized)
struct DeleteNodeTests {
    @Test("del-node of a live master with slots, by redis-cli's name, order and --cluster-yes: its slots move with every key, it is reset and no node lists it")
    func liveMasterQuits() async throws {
        try await withLocalServers(4) { servers in
            let nodes = servers.map(\.address)
            let (a, d) = (nodes[0], nodes[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(nodes.prefix(3)))
                try await trib.join(cluster: a, newNode: d)
            }
            let keys = try await fillKeys(a, count: 2000, prefix: "delnode")
            let id = try #require(try await ownView(d)?.id)
            #expect(try await ownView(d)?.slots.isEmpty == false)

            let run = try await TribProcess.run(["del-node", a.description, String(id.prefix(12)), "--cluster-yes"])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("\(d) left its cluster and was reset"), "\(run.out)")
            let rest = Array(nodes.prefix(3))
            for node in rest {
                #expect(try await readNode(node).topology.node(id: id) == nil, "\(node) still lists \(d)")
            }
            #expect(try await readNode(d).topology.nodes.count == 1, "\(d) was not reset")
            try await assertKeys(keys, on: rest)
            _ = try await assertClusterHealthy(rest, expectedMasters: 3)
        }
    }

    @Test("del_node of a killed empty node forgets it on every live node; keys untouched; an unknown id exits 2 naming it")
    func deadNodeIsForgotten() async throws {
        try await withLocalServers(4, extraArguments: ["--cluster-node-timeout", "2000"]) { servers in
            let nodes = servers.map(\.address)
            let (a, d) = (nodes[0], nodes[3])
            let live = Array(nodes.prefix(3))
            try await withOperator(.testing) { trib in
                try await trib.startMulti(live)
                try await trib.joinNoLoad(cluster: a, newNode: d)
            }
            let keys = try await fillKeys(a, count: 600, prefix: "delnode-dead")
            let id = try #require(try await ownView(d)?.id)

            let unknown = try await TribProcess.run(["del_node", a.description, "0123456789abcdef"])
            #expect(unknown.status == 2, "\(unknown.err)")
            #expect(unknown.err.contains("0123456789abcdef"), "\(unknown.err)")

            servers[3].signal(SIGKILL)
            let run = try await TribProcess.run(["del_node", a.description, id])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.out.contains("forgot \(id) (\(d))") && run.out.contains("it did not answer"), "\(run.out)")
            for node in live {
                #expect(try await readNode(node).topology.node(id: id) == nil, "\(node) still lists \(d)")
            }
            try await assertKeys(keys, on: live)
        }
    }
}
