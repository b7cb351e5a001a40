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

/// `info` against real servers (`$REDIS_TRIB_SERVER`): keys written in known slots (in two
/// databases on Valkey), counted back per master, per slot and in total; the cluster unchanged.
@Suite("info on real servers", .serialized)
struct ClusterInfoTests {
    static let valkey = (ProcessInfo.processInfo.environment["REDIS_TRIB_SERVER"] ?? "").contains("valkey")
    /// Databases keys are written in: two on Valkey (`cluster-databases`), one on Redis.
    static let databases = valkey ? 2 : 1
    static let serverArguments = valkey ? ["--cluster-databases", "2"] : []

    /// Writes `perSlot` keys in each of `slots` on their owner, in every database; the keys written.
    static func write(_ slots: [Int], perSlot: Int, to owner: NodeAddress) async throws -> Int {
        var slotSet = SlotSet()
        for slot in slots {
            slotSet.insert(try HashSlot(slot))
        }
        let keys = SlotKeys(slots: slotSet, perSlot: perSlot)
        for database in 0..<databases {
            try await writeKeys(keys, to: owner, database: database)
        }
        return keys.values.count * databases
    }

    /// The master that owns `slot`, by its own view.
    static func owner(of slot: Int, among masters: [NodeAddress]) async throws -> NodeAddress {
        let slot = try HashSlot(slot)
        for master in masters where try await ownView(master)?.slots.contains(slot) == true {
            return master
        }
        throw TribError(.preconditionFailed, "no master owns slot \(slot)")
    }

    /// The cells of the map's row labelled `label`: the characters between its `|`s.
    static func cells(of label: String, in rows: [String]) -> [Character]? {
        guard let row = rows.first(where: { $0.hasPrefix(label + " ") }) else { return nil }
        let parts = row.split(separator: "|", omittingEmptySubsequences: false)
        return parts.count == 3 ? Array(parts[1]) : nil
    }

    @Test("three masters with keys in known slots and a replica: each master's keys, slots and replicas, the totals, the keys of each slot")
    func counts() async throws {
        try await withLocalServers(4, extraArguments: Self.serverArguments) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: masters[0], replica: addresses[3])
                var expected: [NodeAddress: Int] = [:]
                for (slots, perSlot) in [([0, 1], 3), ([6000], 5), ([16000, 16383], 7)] {
                    let owner = try await Self.owner(of: slots[0], among: masters)
                    expected[owner, default: 0] += try await Self.write(slots, perSlot: perSlot, to: owner)
                }
                let total = (2 * 3 + 5 + 2 * 7) * Self.databases
                #expect(try await waitUntilReplicated(addresses[3], from: masters[0]))
                let before = try await readConfigurations(addresses)

                let report = try await trib.info(masters[1])
                #expect(report.masters.map(\.node.address) == masters.sorted())
                #expect(report.slotKeys == nil)
                for master in report.masters {
                    let address = try #require(master.node.address)
                    let own = try #require(try await ownView(address))
                    #expect(master.node.id == own.id)
                    #expect(master.keys == expected[address, default: 0], "\(address)")
                    #expect(master.slots == own.slots)
                    #expect(master.replicas.map(\.address) == (address == masters[0] ? [addresses[3]] : []))
                    #expect((master.memoryUsed ?? 0) > 0)
                    #expect(master.unreachableReason == nil)
                }
                #expect(report.totalKeys == total)
                #expect(try await totalKeys(masters) == (2 * 3 + 5 + 2 * 7))  // database 0 alone, by DBSIZE
                #expect(report.coveredSlots == SlotSet.all)
                #expect(report.replicaCount == 1)
                #expect(report.unreachableCount == 0)
                #expect(report.keysPerSlot == Double(total) / 16384)

                let mapped = try await trib.info(masters[2], slotKeys: true)
                let slotKeys = try #require(mapped.slotKeys)
                #expect(slotKeys.count == HashSlot.count)
                for (slot, keys) in [(0, 3), (1, 3), (6000, 5), (16000, 7), (16383, 7)] {
                    #expect(slotKeys[slot] == keys * Self.databases, "slot \(slot)")
                }
                #expect(slotKeys.reduce(0, +) == total)
                #expect(mapped.masters.map(\.keys) == report.masters.map(\.keys))
                try await assertUnchanged(before)
            }
        }
    }

    @Test("a master killed is a line that says it could not be read; the others are read and counted")
    func unreachable() async throws {
        try await withLocalServers(3, extraArguments: Self.serverArguments) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { trib in
                let keys = try await Self.write([0], perSlot: 4, to: try await Self.owner(of: 0, among: addresses))
                let dead = try await Self.owner(of: 16383, among: addresses)
                let alive = try #require(addresses.first { $0 != dead })
                let deadSlots = try #require(try await ownView(dead)?.slots)
                servers[try #require(addresses.firstIndex(of: dead))].signal(SIGKILL)
                let report = try await trib.info(alive, slotKeys: true)
                let lost = try #require(report.masters.first { $0.node.address == dead })
                #expect(lost.unreachableReason != nil)
                #expect(lost.keys == nil && lost.memoryUsed == nil)
                #expect(lost.slots == deadSlots)
                #expect(report.masters.filter { $0.unreachableReason == nil }.count == 2)
                #expect(report.totalKeys == keys)
                #expect(report.unreachableCount == 1)
                let grid = SlotMapGrid(report, cellCount: 64)
                #expect(grid.rows.first { $0.master.address == dead }?.cells.last == .unread)

                let run = try await TribProcess.run(["info", alive.description])
                #expect(run.status == 0, "\(run.err)")
                let line = run.out.split(separator: "\n").first { $0.hasPrefix("\(dead) (") }
                #expect(line?.contains("unreachable: ") == true, "\(run.out)")
                #expect(run.out.contains("(1 master not read)"), "\(run.out)")
            }
        }
    }

    @Test("the binary: info's lines, --json with the documented fields, the default cluster of connect, info(…) the node's INFO as a map")
    func throughTheBinary() async throws {
        try await withLocalServers(3, extraArguments: Self.serverArguments) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { _ in
                let owner = try await Self.owner(of: 6000, among: addresses)
                let keys = try await Self.write([6000], perSlot: 9, to: owner)
                let text = try await TribProcess.run(["info", addresses[0].description])
                #expect(text.status == 0, "\(text.err)")
                let lines = text.out.split(separator: "\n").map(String.init)
                #expect(lines.count == 5, "\(text.out)")
                let ownerLine = try #require(lines.first { $0.hasPrefix("\(owner) (") })
                #expect(ownerLine.contains(" \(keys) keys | "), "\(ownerLine)")
                #expect(lines[3].hasPrefix("total: \(keys) keys, 16384 slots covered, 3 masters, no replicas, "), "\(lines[3])")
                #expect(lines[4].hasSuffix(" keys per slot on average"))

                let json = try await TribProcess.run(["--json", "info", addresses[1].description])
                #expect(json.status == 0, "\(json.err)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
                #expect(object["command"] as? String == "info")
                #expect(object["map"] == nil)
                let masters = try #require(object["masters"] as? [[String: Any]])
                #expect(masters.compactMap { $0["address"] as? String } == addresses.sorted().map(\.description))
                let ownerObject = try #require(masters.first { $0["address"] as? String == owner.description })
                #expect(ownerObject["keys"] as? Int == keys)
                #expect(ownerObject["reachable"] as? Bool == true)
                #expect(ownerObject["error"] is NSNull)
                #expect((ownerObject["memory_used"] as? Int ?? 0) > 0)
                #expect(ownerObject["replicas"] as? [Any] != nil && ownerObject["replica_count"] as? Int == 0)
                #expect(masters.map { $0["slot_count"] as? Int ?? 0 }.reduce(0, +) == 16384)
                #expect(Set(masters.compactMap { $0["id"] as? String }.map(\.count)) == [40])
                let totals = try #require(object["totals"] as? [String: Any])
                #expect(totals["keys"] as? Int == keys)
                #expect(totals["slots_covered"] as? Int == 16384)
                #expect(totals["masters"] as? Int == 3)
                #expect(totals["replicas"] as? Int == 0)
                #expect(totals["unreachable_masters"] as? Int == 0)
                #expect((totals["memory_used"] as? Int ?? 0) > 0)
                #expect(abs((totals["keys_per_slot"] as? Double ?? -1) - Double(keys) / 16384) < 1e-9)

                let script = try await TribProcess.run(["-c", "connect \(addresses[2])\ninfo\necho after"])
                #expect(script.status == 0, "\(script.err)")
                #expect(script.out.contains("total: \(keys) keys, 16384 slots covered") && script.out.hasSuffix("\nafter\n"), "\(script.out)")
                // In call form, `info(NODE)` is the node's own INFO, as a map (the builtin); the statement is the report.
                let call = try await TribProcess.run([
                    "-c", "let i = info(\(addresses[0]), \"server\")\necho (\"redis_version\" in $i) ${info(\(addresses[0])).server.tcp_port}",
                ])
                #expect(call.status == 0, "\(call.err)")
                #expect(call.out == "true \(addresses[0].port)\n", "\(call.out)")
            }
        }
    }

    @Test("info --map through the binary, not a terminal: plain characters, an uncovered slot and an open slot marked, keys shaded")
    func map() async throws {
        try await withLocalServers(3, extraArguments: Self.serverArguments) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { _ in
                try await Self.checkMap(addresses)
            }
        }
    }

    /// The body of ``map()``: a cluster of `addresses` just built.
    static func checkMap(_ addresses: [NodeAddress]) async throws {
        let first = try await Self.owner(of: 0, among: addresses)
        let last = try await Self.owner(of: 16383, among: addresses)
        let importer = try #require(addresses.first { $0 != first && $0 != last })
        let written = try await Self.write([0], perSlot: 10, to: first)
        // Slot 16383 is owned by no one: deleted on its owner first, then on the others.
        let others = addresses.filter { $0 != last }
        for address in [last] + others {
            try await withConnection(to: address) { connection in
                try await connection.send("CLUSTER", "DELSLOTS", "16383")
            }
        }
        // Slot 100 (the first cell) is open on a master that does not own it.
        let firstID = try #require(try await ownView(first)?.id)
        try await withConnection(to: importer) { connection in
            try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", firstID)
        }
        let before = try await readConfigurations(addresses)
        let run = try await TribProcess.run(["info", "--map", addresses[0].description])
        #expect(run.status == 0, "\(run.err)")
        let ascii = run.out.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "\(run.out)")
        let rows = run.out.split(separator: "\n").map(String.init)
        let firstCells = try #require(Self.cells(of: first.description, in: rows), "\(run.out)")
        let importerCells = try #require(Self.cells(of: importer.description, in: rows), "\(run.out)")
        let uncovered = try #require(Self.cells(of: "uncovered", in: rows), "\(run.out)")
        #expect(firstCells.count == 64 && importerCells.count == 64 && uncovered.count == 64)
        #expect(firstCells[0] == "@")  // the only cell with keys: the most
        #expect(firstCells[1] == ".")
        #expect(importerCells[0] == "~")
        #expect(uncovered[63] == "!")
        #expect(uncovered.filter { $0 != " " }.count == 1)
        #expect(rows.contains { $0.contains("~ a slot migrating or importing") && $0.contains("! a slot no master owns") })
        try await assertUnchanged(before)

        let json = try await TribProcess.run(["--json", "info", "--map", addresses[0].description])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
        let map = try #require(object["map"] as? [String: Any])
        #expect((map["slot_keys"] as? [Int])?.first == written)
        #expect(map["uncovered"] as? String == "16383")
        #expect(map["open"] as? String == "100")

        // In a script the statement prints the map's lines: the ruler, a row per master, the uncovered row, then the
        // totals (the call form `info(NODE)` is the builtin: the node's INFO as a map).
        let statement = try await TribProcess.run(["-c", "info \(addresses[0]) --map"])
        #expect(statement.status == 0, "\(statement.err)")
        let printed = statement.out.split(separator: "\n")
        #expect(printed.count > 4 && printed[4].hasPrefix("uncovered ") && printed[4].hasSuffix("!|"), "\(statement.out)")
    }
}
