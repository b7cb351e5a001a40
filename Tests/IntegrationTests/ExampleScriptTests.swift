import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// The maintenance scripts of examples/, each run with `redis-trib run` against real nodes and
/// checked by its effect, keys counted before and after.
@Suite("examples/: each maintenance script against real nodes")
struct ExampleScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardized

    static func run(_ name: String, _ arguments: [String], dryRun: Bool = false) async throws -> (status: Int32, out: String, err: String) {
        try await TribProcess.run((dryRun ? ["--dry-run"] : []) + ["run", folder.appendingPathComponent(name).path] + arguments)
    }

    @Test("every example starts with #!, its name and arguments, and says what it does")
    func headers() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".trib") }.sorted()
        #expect(names == ["add_node_take_fullest.trib", "big_keys_report.trib", "drain_host.trib", "rebalance_by_keys.trib", "wait_healthy.trib"])
        for name in names {
            let lines = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "#!/usr/bin/env redis-trib", "\(name)")
            #expect(FileManager.default.isExecutableFile(atPath: Self.folder.appendingPathComponent(name).path), "\(name) is not executable")
            #expect(lines.dropFirst().first?.hasPrefix("# \(name) ") == true, "\(name): the second line names it and its arguments")
            #expect(lines.dropFirst(3).prefix(while: { $0.hasPrefix("#") }).count >= 2, "\(name): a description follows")
        }
    }

    @Test("drain_host: the masters of one host give every slot to the others, no key lost; a dry run and a rerun move nothing")
    func drainHost() async throws {
        try await withLocalServers(4, hosts: ["127.0.0.1", "127.0.0.2"]) { servers in
            try await buildCluster(servers)
            let nodes = servers.map(\.address)
            let keys = try await fillKeys(nodes[0], count: 3000)
            let dry = try await Self.run("drain_host.trib", ["\(nodes[0])", "127.0.0.2"], dryRun: true)
            #expect(dry.status == 0, "\(dry.out) \(dry.err)")
            #expect(try await ownView(nodes[1])?.slots.isEmpty == false)
            let run = try await Self.run("drain_host.trib", ["\(nodes[0])", "127.0.0.2"])
            #expect(run.status == 0, "\(run.out) \(run.err)")
            for node in nodes where node.host == "127.0.0.2" {
                #expect(try await ownView(node)?.slots.isEmpty == true, "\(node) still has slots")
            }
            try await assertKeys(keys, on: nodes)
            let again = try await Self.run("drain_host.trib", ["\(nodes[0])", "127.0.0.2"])
            #expect(again.status == 0, "\(again.out) \(again.err)")
            #expect(again.out.contains("no master on 127.0.0.2 holds a slot: nothing to drain"), "\(again.out)")
            try await assertKeys(keys, on: nodes)
            let elsewhere = try await Self.run("drain_host.trib", ["\(nodes[0])", "127.0.0.9"])
            #expect(elsewhere.status == 0 && elsewhere.out.contains("no master on 127.0.0.9 holds a slot"), "\(elsewhere.out) \(elsewhere.err)")
        }
    }

    @Test("rebalance_by_keys: slots with keys move from the fuller master, capped, then until within a tenth")
    func rebalanceByKeys() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (a, b) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(0...99), perSlot: 10, valueSize: 16)
            try await keys.write(to: a)
            // A dry run shows the first move (one MIGRATE of slot 99's keys, the fullest under half the gap) and stops there.
            let dry = try await Self.run("rebalance_by_keys.trib", ["\(a)", "30"], dryRun: true)
            #expect(dry.status == 0, "\(dry.out) \(dry.err)")
            #expect(dry.out.contains("dry run: the first move is shown") && dry.out.contains("moved 0 slot(s)"), "\(dry.out)")
            #expect(try await totalKeys([b]) == 0)
            let capped = try await Self.run("rebalance_by_keys.trib", ["\(a)", "30"])
            #expect(capped.status == 0, "\(capped.out) \(capped.err)")
            #expect(capped.out.contains("moved 30 slot(s)"), "\(capped.out)")
            #expect(try await totalKeys([b]) == 300)
            let rest = try await Self.run("rebalance_by_keys.trib", ["\(a)", "100"])
            #expect(rest.status == 0, "\(rest.out) \(rest.err)")
            // 48 slots of 10 keys in all: 520 against 480 is within a tenth.
            #expect(rest.out.contains("moved 18 slot(s)"), "\(rest.out)")
            #expect(try await totalKeys([b]) == 480)
            #expect(try await totalKeys([a, b]) == keys.values.count)
            #expect(try await keys.missing(on: a).count == 480)
        }
    }

    @Test("big_keys_report: the biggest key first, with its slot and the keys sharing it")
    func bigKeysReport() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let a = servers[0].address
            let keys = SlotKeys(slots: SlotSet(10...19), perSlot: 5, valueSize: 16)
            try await keys.write(to: a)
            let big = try await writeBigKey(in: try HashSlot(12), bytes: 100_000, to: a)
            let run = try await Self.run("big_keys_report.trib", ["\(a)", "3"])
            #expect(run.status == 0, "\(run.out) \(run.err)")
            let lines = run.out.split(separator: "\n").filter { $0.contains("bytes") }
            #expect(lines.count == 3, "\(run.out)")
            #expect(lines.first?.hasSuffix("slot 12 (6 keys)  \(big)") == true, "\(run.out)")
        }
    }

    @Test("wait_healthy: 0 at once on a healthy cluster; 1 with the error after the time given while a slot is open")
    func waitHealthy() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (a, b) = (servers[0].address, servers[1].address)
            let healthy = try await Self.run("wait_healthy.trib", ["\(a)", "5"])
            #expect(healthy.status == 0, "\(healthy.out) \(healthy.err)")
            #expect(healthy.out.hasPrefix("healthy after "), "\(healthy.out)")
            let sourceID = try #require(try await ownView(a)?.id)
            try await withConnection(to: b) { _ = try await $0.send("CLUSTER", "SETSLOT", "7", "IMPORTING", sourceID) }
            let open = try await Self.run("wait_healthy.trib", ["\(a)", "1"])
            #expect(open.status == 1, "\(open.out) \(open.err)")
            #expect(open.out.contains("not healthy after 1 s:") && open.out.contains("[ERR]"), "\(open.out)")
            // Its job: it waits while the slot is open, and stops once the slot is closed. The slot is
            // closed once the script has read b (its first check, which finds the slot open).
            let readsBefore = try await clusterNodesCalls(b)
            async let waiting = Self.run("wait_healthy.trib", ["\(a)", "60"])
            #expect(try await pollUntil(timeout: .seconds(60)) { try await clusterNodesCalls(b) > readsBefore })
            try await withConnection(to: b) { _ = try await $0.send("CLUSTER", "SETSLOT", "7", "STABLE") }
            let healed = try await waiting
            #expect(healed.status == 0, "\(healed.out) \(healed.err)")
            let waited = healed.out.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }
            #expect(healed.out.hasPrefix("healthy after ") && (waited ?? 0) >= 1, "\(healed.out)")
        }
    }

    @Test(
        "add_node_take_fullest: the new node joins and takes half the fullest master's slots, keys kept; a rerun joins nothing and takes half of the next fullest"
    )
    func addNodeTakeFullest() async throws {
        try await withLocalServers(3) { servers in
            let nodes = servers.map(\.address)
            try await buildCluster(Array(servers.prefix(2)))
            let keys = try await fillKeys(nodes[0], count: 2000)
            let dry = try await Self.run("add_node_take_fullest.trib", ["\(nodes[0])", "\(nodes[2])"], dryRun: true)
            #expect(dry.status == 0, "\(dry.out) \(dry.err)")
            #expect(dry.out.contains("\(nodes[2]) is not in the cluster (a dry run joins nothing)"), "\(dry.out)")
            #expect(try await ownView(nodes[0])?.slots.count == 8192)
            try await withConnection(to: nodes[2]) { connection in
                let known = (try await connection.send("CLUSTER", "NODES").string ?? "").split(separator: "\n").count
                #expect(known == 1, "a dry run joined the node")
            }
            let run = try await Self.run("add_node_take_fullest.trib", ["\(nodes[0])", "\(nodes[2])"])
            #expect(run.status == 0, "\(run.out) \(run.err)")
            #expect(try await ownView(nodes[2])?.slots.count == 4096)
            try await assertKeys(keys, on: nodes)
            let dryAgain = try await Self.run("add_node_take_fullest.trib", ["\(nodes[0])", "\(nodes[2])"], dryRun: true)
            #expect(dryAgain.status == 0 && dryAgain.out.contains("\(nodes[2]) would take 4096 slots from "), "\(dryAgain.out) \(dryAgain.err)")
            #expect(try await ownView(nodes[2])?.slots.count == 4096)
            let again = try await Self.run("add_node_take_fullest.trib", ["\(nodes[0])", "\(nodes[2])"])
            #expect(again.status == 0, "\(again.out) \(again.err)")
            #expect(try await ownView(nodes[2])?.slots.count == 8192)
            try await assertKeys(keys, on: nodes)
            // Now the new node is the fullest master: nothing moves.
            let third = try await Self.run("add_node_take_fullest.trib", ["\(nodes[0])", "\(nodes[2])"])
            #expect(third.status == 0 && third.out.contains("\(nodes[2]) is already the fullest master"), "\(third.out) \(third.err)")
            #expect(try await ownView(nodes[2])?.slots.count == 8192)
            #expect(try await ownView(nodes[0])?.slots.count == 4096)
            try await assertKeys(keys, on: nodes)
        }
    }
}

/// How many `CLUSTER NODES` a node has answered (`INFO commandstats`).
private func clusterNodesCalls(_ node: NodeAddress) async throws -> Int {
    var calls = 0
    try await withConnection(to: node) { connection in
        let fields = infoFields(try await connection.send("INFO", "commandstats").string ?? "")
        let stat = fields["cmdstat_cluster|nodes"] ?? ""
        calls = stat.split(separator: ",").first.flatMap { Int($0.dropFirst("calls=".count)) } ?? 0
    }
    return calls
}
