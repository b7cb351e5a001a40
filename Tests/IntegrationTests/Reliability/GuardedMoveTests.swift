import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// The engine's guards against the built binary: a slot another tool opens mid-move, the keys of
/// every database under a kill, and what a dry run of each changing command lets the servers run.
@Suite("Reliability: guarded moves and dry runs", .serialized)
struct GuardedMoveTests {
    @Test("another tool opens a later group's slot towards a third node mid-move: the move stops before touching it, no key lost")
    func slotOpenedByAnotherTool() async throws {
        var figures = ReliabilityFigures(scenario: "slot opened by another tool mid-move")
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            let slots = SlotSet(0...399)
            let baseline = try await startFilledCluster([a, b, c], slots: slots, perSlot: 30, spread: 500, prefix: "guard")
            let (aID, cID) = (try #require(try await ownView(a)?.id), try #require(try await ownView(c)?.id))
            // Slot 390 is in the seventh group of 64: not prepared while the first one is announced.
            let taken = "390"
            let group = SlotSet(384...399)
            // The move is held still (SIGSTOP) while the other tool opens the slot. When it ran ahead of the
            // test (a loaded machine) and reached that group first, it is let finish, moved back, and run again.
            var opened: WatchedTrib?
            for _ in 1...3 where opened == nil {
                // A command in flight while the tool is stopped times out on its return when the stop took longer than the
                // command timeout (the clock ran on): a long one, as timeouts are not what this test is about.
                let trib = try WatchedTrib(["migrate_slots", "\(a)", "\(b)", "0-399", "--no-atomic", "--keys-per-batch", "10", "--command-timeout", "60"])
                var migrates = 0
                let wait = try await trib.waitForLine { KillPoint.betweenSetSlotNodes.matches($0, migrates: &migrates) }
                try #require(wait != .timedOut && wait != .exited, "the move never announced its first group (\(wait)): \(trib.lastLines())")
                trib.signal(SIGSTOP)
                let source = try await ownView(a)
                let target = try await ownView(b)
                let untouched =
                    source.map { group.isSubset(of: $0.slots) && $0.migrating.keys.allSatisfy { !group.contains($0) } } == true
                    && target?.importing.keys.allSatisfy { !group.contains($0) } == true
                if untouched {
                    try await withConnection(to: c) { try await $0.send("CLUSTER", "SETSLOT", taken, "IMPORTING", aID) }
                    try await withConnection(to: a) { try await $0.send("CLUSTER", "SETSLOT", taken, "MIGRATING", cID) }
                    opened = trib
                }
                trib.signal(SIGCONT)
                if !untouched {
                    let done = try #require(try await trib.waitForExit(timeout: .seconds(60)), "the move did not end")
                    try #require(done.status == 0, "\(done.err)")
                    let back = try await TribProcess.run(["--timeout", "30", "migrate_slots", "\(b)", "\(a)", "0-399", "--no-atomic"])
                    try #require(back.status == 0, "\(back.err)")
                }
            }
            let trib = try #require(opened, "the move reached slot \(taken)'s group before the test could hold it, 3 times")
            let exit = try #require(try await trib.waitForExit(timeout: .seconds(60)), "the move did not end")
            #expect(exit.status == 1, "the move went on over a slot another tool opened: \(exit.err)")
            #expect(exit.err.contains("slot \(taken) is migrating from the source to node \(cID)"), "\(exit.err)")
            // The tool opened nothing of that group towards the target.
            let imported = try await ownView(b)?.importing.keys.map(\.rawValue) ?? []
            #expect(imported.allSatisfy { $0 < 384 }, "the tool opened slots of the group it stopped before: \(imported.sorted())")

            // The other tool gives up; fix finishes what this move left open, and a rerun moves the rest.
            try await withConnection(to: c) { try await $0.send("CLUSTER", "SETSLOT", taken, "STABLE") }
            try await withConnection(to: a) { try await $0.send("CLUSTER", "SETSLOT", taken, "STABLE") }
            let fix = try await TribProcess.run(["--timeout", "30", "fix", "\(a)"])
            #expect(fix.status == 0, "\(fix.err)")
            let rerun = try await TribProcess.run(["--timeout", "30", "migrate_slots", "\(a)", "\(b)", "0-399", "--no-atomic"])
            #expect(rerun.status == 0, "\(rerun.err)")
            #expect(try await ownView(b).map { slots.isSubset(of: $0.slots) } == true)
            let check = try await LedgerCheck.read([a, b, c], written: baseline)
            #expect(check.lost.isEmpty, "\(check.summary)")
            figures.runs += 1
            figures.refusals += 1
            figures.keysChecked += check.keysChecked
            figures.keysLost += check.lost.count
        }
        figures.record()
    }

    @Test("every database's keys move, with the tool killed mid-batch and at a random time (Valkey's cluster-databases)")
    func everyDatabaseUnderAKill() async throws {
        let valkey = (ProcessInfo.processInfo.environment["REDIS_TRIB_SERVER"] ?? "").contains("valkey")
        guard valkey else {
            try Test.cancel("Redis keeps one database in cluster mode")
        }
        var figures = ReliabilityFigures(scenario: "every database under a kill")
        try await withLocalServers(3, extraArguments: ["--cluster-databases", "4", "--cluster-node-timeout", "2000"]) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withOperator(.testing) { try await $0.startMulti([a, b, c]) }
            let slots = SlotSet(0...99)
            let keys = SlotKeys(slots: slots, perSlot: 40)
            for database in 0..<4 {
                try await writeKeys(keys, to: a, database: database)
            }
            // Key by key, killed at the third MIGRATE; then back, atomically where the server can, killed at a random time.
            for (source, target, point) in [(a, b, KillPoint.midBatch), (b, a, .randomTime)] {
                let arguments = ["migrate_slots", "\(source)", "\(target)", "0-99", "--keys-per-batch", "10"] + (point == .midBatch ? ["--no-atomic"] : [])
                let trib = try WatchedTrib(arguments)
                var migrates = 0
                let wait = try await trib.waitForLine { point == .randomTime || point.matches($0, migrates: &migrates) }
                if point == .randomTime {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...300)))
                }
                if case .matched = wait, trib.kill() {
                    figures.runs += 1
                } else {
                    trib.kill()
                }
                // fix waits for a Valkey atomic job the killed tool left running, then finishes the rest.
                let fix = try await TribProcess.run(["--timeout", "60", "fix", "\(a)"])
                #expect(fix.status == 0, "\(fix.err)")
                let rerun = try await TribProcess.run(["--timeout", "30"] + arguments)
                #expect(rerun.status == 0, "\(rerun.err)")
                for database in 0..<4 {
                    #expect(try await slotKeyCounts(slots, on: target, database: database) == keys.values.count, "database \(database) on \(target)")
                    #expect(try await slotKeyCounts(slots, on: source, database: database) == 0, "database \(database) left on \(source)")
                    #expect(try await valuesMatch(keys, on: target, database: database), "values of database \(database)")
                    figures.keysChecked += keys.values.count
                }
            }
            for node in [a, b, c] {
                #expect(try await ownView(node)?.openSlots.isEmpty == true, "\(node) has open slots")
            }
        }
        figures.record()
    }

    /// Commands a dry run may make a server run: reads, and the transaction a lease check reads in.
    static let reads: Set<String> = [
        "cluster|nodes", "cluster|info", "cluster|myid", "cluster|countkeysinslot", "cluster|getkeysinslot",
        "cluster|getslotmigrations", "cluster|slots", "cluster|shards", "info", "ping", "command|info", "command",
        "config|get", "client|list", "client|getname", "client|id", "client|info", "dbsize", "select", "multi", "exec",
        "memory|usage", "exists", "get", "asking", "function|list",
    ]

    @Test("a dry run of every changing command makes the servers run only reads (INFO commandstats), and changes nothing")
    func dryRunsOnlyRead() async throws {
        var figures = ReliabilityFigures(scenario: "dry runs: what the servers ran")
        try await withLocalServers(4) { servers in
            let (a, b, c, d) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address)
            let baseline = try await startFilledCluster([a, b, c], slots: SlotSet(0...99), perSlot: 20, spread: 300, prefix: "dry")
            let halfKeys = SlotKeys(slots: SlotSet([try HashSlot(200)]), perSlot: 40)
            try await halfKeys.write(to: a)
            try await openHalfDoneMove(of: try HashSlot(200), keys: halfKeys, among: [a, b, c])
            let all = [a, b, c, d]
            // Half of slot 200's keys sit on the target of the half-done move: every node's keys are compared, not owners'.
            let keysBefore = try await readAllKeys(all).map(\.values)
            let commands: [[String]] = [
                ["migrate_slots", "\(a)", "\(b)", "0-99", "--no-atomic"],
                ["migrate_slots", "\(a)", "\(c)", "0-50"],
                ["join", "\(a)", "\(d)"],
                ["join_no_load", "\(a)", "\(d)"],
                ["replicate", "\(a)", "\(d)"],
                ["quit", "\(c)"],
                ["fix", "\(a)"],
                ["execute", "\(a)", "--masters-only", "CONFIG", "SET", "maxmemory", "12345"],
                ["execute", "\(a)", "FLUSHALL"],
            ]
            for command in commands {
                let configurations = try await readConfigurations(all)
                let before = try await Self.commandCalls(all)
                let run = try await TribProcess.run(["--dry-run", "--timeout", "10"] + command)
                let after = try await Self.commandCalls(all)
                for (node, calls) in after {
                    let ran = calls.filter { name, count in count > (before[node]?[name] ?? 0) }.map(\.key)
                    let changes = ran.filter { !Self.reads.contains($0) }.sorted()
                    #expect(changes.isEmpty, "--dry-run \(command.joined(separator: " ")) made \(node) run \(changes); status \(run.status): \(run.err)")
                }
                try await assertUnchanged(configurations)
                figures.runs += 1
                figures.refusals += run.status == 0 ? 0 : 1
            }
            let keysAfter = try await readAllKeys(all).map(\.values)
            for (node, (before, after)) in zip(all, zip(keysBefore, keysAfter)) where before != after {
                let changed = Set(before.keys).symmetricDifference(after.keys).count + before.keys.filter { after[$0] != before[$0] }.count
                Issue.record("the dry runs changed \(changed) key(s) on \(node)")
                figures.keysLost += changed
            }
            figures.keysChecked += keysBefore.reduce(0) { $0 + $1.count }
            #expect(keysBefore.reduce(0) { $0 + $1.count } == baseline.count + halfKeys.values.count)
        }
        figures.record()
    }

    /// Each node's `INFO commandstats`: calls per command (`cluster|nodes`).
    static func commandCalls(_ nodes: [NodeAddress]) async throws -> [NodeAddress: [String: Int]] {
        var result: [NodeAddress: [String: Int]] = [:]
        for node in nodes {
            try await withConnection(to: node) { connection in
                let text = try await connection.send("INFO", "commandstats").string ?? ""
                var calls: [String: Int] = [:]
                for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
                    guard let colon = line.firstIndex(of: ":"),
                        let field = line[line.index(after: colon)...].split(separator: ",").first(where: { $0.hasPrefix("calls=") }),
                        let count = Int(field.dropFirst(6))
                    else { continue }
                    calls[String(line[line.index(line.startIndex, offsetBy: 8)..<colon])] = count
                }
                result[node] = calls
            }
        }
        return result
    }
}
