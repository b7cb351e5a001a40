import Foundation
import NIOCore
import RESP
import RedisTrib
import Synchronization
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#endif

/// The key-moving engine and atomic slot migration against real servers (`$REDIS_TRIB_SERVER`:
/// Redis 7.0 or Valkey 9). Every test counts the keys and compares every value before and after.
@Suite("the migration engine against real nodes", .serialized)
struct MigrationEngineTests {
    // MARK: Batches

    @Test("batches: at most N keys and about B bytes each, one slot each, across slots of 0 to 250 keys and values of 20 bytes to 200 KB")
    func batchesByCountAndBytes() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let counts = [0, 1, 7, 8, 250, 33, 6]
            var expected: [ByteBuffer: ByteBuffer] = [:]
            for slotNumber in 0..<40 {
                let slot = try HashSlot(slotNumber)
                let tag = SlotKeys.tag(for: slot)
                for index in 0..<counts[slotNumber % counts.count] {
                    var key = ByteBuffer(string: "{\(tag)}")
                    key.writeBytes([0xFF, 0x0D, 0x0A])
                    key.writeString("k\(index)")
                    let size = index % 9 == 4 ? 200_000 : 20 + index % 20
                    expected[key] = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index &+ slotNumber) })
                }
            }
            try await SlotKeys(values: expected).write(to: source)
            // Aggregates in slot 3: a hash, a list, a set and a sorted set of 5000 elements.
            let aggregates = try await writeAggregates(slot: try HashSlot(3), to: source)
            let before = try await totalKeys([source, target])
            #expect(before == expected.count + aggregates.count)

            // The log shows a key as a word, quoted when it is not plain text: keys and sizes by that word.
            let written = Array(expected.keys) + aggregates.map { ByteBuffer(string: $0.key) }
            let keysByWord = Dictionary(uniqueKeysWithValues: written.map { (CommandLogHandler.word($0), $0) })
            let sizes = Dictionary(uniqueKeysWithValues: expected.map { (CommandLogHandler.word($0.key), $0.value.readableBytes) })
            // Per MIGRATE: its keys, slots, bytes, big values, and the bytes of the keys whose size
            // was asked (`MEMORY USAGE`) before it went out.
            let migrates = Mutex<[(keys: Int, slots: Set<HashSlot>, bytes: Int, bigValues: Int, probedBytes: Int)]>([])
            let unknownKeys = Mutex<Set<String>>([])
            let probed = Mutex<Set<String>>([])
            var options = OperationOptions(waitTimeout: 30, keysPerBatch: 7, bytesPerBatch: 500_000, atomic: .never)
            options.connection.logger = CommandLogHandler.logger { command in
                if command.name == "MEMORY", command.words.count == 3 {
                    probed.withLock { _ = $0.insert(command.words[2]) }
                    return
                }
                guard command.name == "MIGRATE", let start = command.words.firstIndex(of: "KEYS") else { return }
                let keys = command.words[(start + 1)...]
                let bytes = keys.reduce(0) { $0 + (sizes[$1] ?? 0) }
                let big = keys.count { (sizes[$0] ?? 0) >= 200_000 }
                let probedBytes = probed.withLock { probed in keys.filter { probed.contains($0) }.reduce(0) { $0 + (sizes[$1] ?? 0) } }
                let slots = Set(keys.compactMap { keysByWord[$0].map { HashSlot.forKey($0.readableBytesView) } })
                unknownKeys.withLock { $0.formUnion(keys.filter { keysByWord[$0] == nil }) }
                migrates.withLock { $0.append((keys.count, slots, bytes, big, probedBytes)) }
            }
            let events = EventLog()
            options.events = events.record
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(0...39))
            }

            let seen = migrates.withLock { $0 }
            #expect(unknownKeys.withLock { $0.isEmpty }, "MIGRATE sent keys that were never written: \(unknownKeys.withLock { $0 })")
            #expect(!probed.withLock { $0.isEmpty }, "no key was probed")
            #expect(seen.allSatisfy { $0.keys <= 7 }, "a MIGRATE carried more than 7 keys")
            #expect(seen.allSatisfy { $0.slots.count == 1 }, "a MIGRATE mixed slots")
            #expect(seen.contains { $0.keys == 7 })
            // A uniform-looking window is sized by sample, so a batch may carry big values no probe saw
            // (a MIGRATE that then times out is split); the keys whose size was asked never exceed the budget.
            #expect(
                seen.allSatisfy { $0.keys == 1 || $0.probedBytes <= 500_000 },
                "bytes of probed keys per MIGRATE: \(seen.filter { $0.keys > 1 }.map(\.probedBytes).max() ?? 0)"
            )
            #expect(seen.contains { $0.bigValues > 0 && $0.keys < 7 }, "no batch was cut by bytes")
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.slots == 40 && summary.keys == before && summary.keyMoves == 1)
            #expect(summary.batches == seen.count)

            try await assertKeys(expected, on: [source, target], otherKeys: aggregates.count)
            try await assertAggregates(aggregates, on: target)
            #expect(try await totalKeys([source, target]) == before)
            let owner = try await ownView(target)
            #expect(owner.map { SlotSet(0...39).isSubset(of: $0.slots) && $0.importing.isEmpty } == true)
        }
    }

    // MARK: Failures in the middle of a batch

    @Test(
        "a batch that fails in the middle (a key on the target with another value) stops with the key's name and the slot open; --replace resumes it",
        arguments: KeyTransfer.allCases
    )
    func busyKeyInTheMiddle(transfer: KeyTransfer) async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let slots = SlotSet(100...103)
            let keys = SlotKeys(slots: slots, perSlot: 120, valueSize: 64)
            try await keys.write(to: source)
            let sourceID = try await ownView(source)?.id ?? ""
            let targetID = try await ownView(target)?.id ?? ""
            // A key of slot 101, in the middle of the slot's order, already on the target with another value.
            let order = try await keysInSlot(101, on: source)
            let busy = order[order.count / 2]
            try await withConnection(to: target) { connection in
                try await connection.send("CLUSTER", "SETSLOT", "101", "IMPORTING", sourceID)
                _ = try await connection.pipeline([
                    RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), busy, ByteBuffer(string: "other")]),
                ])
            }

            let options = OperationOptions(waitTimeout: 30, keysPerBatch: 50, transfer: transfer, atomic: .never)
            await withOperator(options) { trib in
                await #expect { try await trib.migrateSlots(from: source, to: target, slots: slots) } throws: { error in
                    let error = error as? TribError
                    return error?.code == .busyKeys && error?.message.contains(RESPValue.quoted(busy)) == true
                        && error?.message.contains("slot 101") == true
                }
            }
            // Part of the slot moved, the rest (and the busy key) did not; nothing was lost, the slot is open.
            #expect(try await totalKeys([source, target]) == keys.values.count + 1)
            #expect(try await totalKeys([target]) > 1)
            #expect(try await ownView(source)?.migrating[try HashSlot(101)] == targetID)
            #expect(try await ownView(target)?.importing[try HashSlot(101)] == sourceID)

            try await withOperator(OperationOptions(waitTimeout: 30, replaceBusyKeys: true, keysPerBatch: 50, transfer: transfer, atomic: .never)) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: slots)
            }
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
            #expect(try await ownView(target).map { slots.isSubset(of: $0.slots) && $0.importing.isEmpty } == true)
        }
    }

    @Test("the target stops for a second in the middle of a move: the batches that time out are split and retried, and the move completes")
    func targetStopsBriefly() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let slots = SlotSet(0...199)
            let keys = SlotKeys(slots: slots, perSlot: 200, valueSize: 100)
            try await keys.write(to: source)
            let events = EventLog()
            var options = OperationOptions(waitTimeout: 30, keysPerBatch: 100, migrateTimeoutMilliseconds: 200, atomic: .never)
            options.events = events.record
            try await withOperator(options) { trib in
                let move = Task { try await trib.migrateSlots(from: source, to: target, slots: slots) }
                let started = try await pollUntil(timeout: .seconds(60), interval: .milliseconds(2)) { try await totalKeys([target]) > 0 }
                #expect(started)
                // A stop that lands while the tool waits on the target itself (a SETSLOT) times no MIGRATE out:
                // the target is stopped up to 3 times, 300 ms apart, while the move runs.
                for _ in 1...3 {
                    try await servers[1].freeze(for: 1)
                    try await Task.sleep(for: .milliseconds(300))
                    if events.summary != nil { break }
                }
                _ = try await move.value
            }
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.slots == 200)
            #expect(summary.splits >= 1, "no batch timed out while the target was stopped")
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
        }
    }

    // MARK: Big keys

    @Test("a 50 MB value whose MIGRATE times out: the batch is split down to the key, which moves alone with the longer timeout")
    func bigKeySplitAndRetry() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let slot = try HashSlot(7)
            let small = SlotKeys(slots: [slot], perSlot: 300, valueSize: 40)
            try await small.write(to: source)
            let bigKey = ByteBuffer(string: "{\(SlotKeys.tag(for: slot))}:big")
            let bigValue = ByteBuffer(bytes: (0..<(50 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) })
            // Writing 50 MB takes seconds under the load of the suites running beside this one.
            try await SlotKeys(values: [bigKey: bigValue]).write(to: source, options: ConnectionOptions(commandTimeout: 60))

            let events = EventLog()
            // A byte budget so large that the big value rides with the small ones (below 1/64 of it, the
            // window counts as uniform), and a MIGRATE timeout it cannot meet.
            var options = OperationOptions(waitTimeout: 30, bytesPerBatch: 1 << 40, migrateTimeoutMilliseconds: 3, atomic: .never)
            options.events = events.record
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: [slot])
            }
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.slots == 1)
            #expect(summary.splits >= 1, "the batch with the big value was not split")
            #expect(try await small.missing(on: target).isEmpty)
            // Reading 50 MB back takes seconds too on a loaded machine.
            try await withConnection(to: target, options: ConnectionOptions(commandTimeout: 60)) { connection in
                let value = try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "GET"), bigKey]))
                #expect(value.bytes == bigValue, "the 50 MB value differs on the target")
            }
            #expect(try await totalKeys([source, target]) == small.values.count + 1)
            #expect(try await totalKeys([source]) == 0)
        }
    }

    // MARK: Parallel moves

    @Test(
        "join of a fourth master into three holding keys, 3 moves in parallel: the three sources move at once, every key accounted for",
        arguments: [false, true])
    func parallelJoin(keysOnly: Bool) async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            try await buildCluster(Array(servers.prefix(3)))
            let keys = try await fillKeys(addresses[0], count: 30000)
            let atomic = try await supportsAtomic(addresses[0]) && !keysOnly
            // Which source each MIGRATE (or MIGRATESLOTS) came from, in the order they were sent.
            let sources = Mutex<[String]>([])
            let events = EventLog()
            var options = OperationOptions(waitTimeout: 30, parallelMoves: 3, atomic: keysOnly ? .never : .auto)
            options.events = events.record
            options.connection.logger = CommandLogHandler.logger { command in
                if command.name == "MIGRATE" || (command.name == "CLUSTER" && command.subcommand == "MIGRATESLOTS") {
                    sources.withLock { $0.append(command.node) }
                }
            }
            try await withOperator(options) { trib in
                try await trib.join(cluster: addresses[0], newNode: addresses[3])
            }
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.slots == 4096)
            #expect(atomic ? summary.atomicMoves == 3 : summary.keyMoves == 3)
            let order = sources.withLock { $0 }
            #expect(Set(order) == Set(addresses.prefix(3).map(\.description)), "moves came from \(Set(order))")
            if !atomic {
                // In parallel, the sources' MIGRATEs interleave instead of coming one source after the other.
                let switches = zip(order, order.dropFirst()).count { $0 != $1 }
                #expect(switches > 2, "the three sources moved one after the other (\(switches) switches)")
            }
            let cluster = try await assertClusterHealthy(addresses, expectedMasters: 4)
            for address in addresses {
                #expect(cluster.slots(of: address).count == 4096, "\(address) has \(cluster.slots(of: address).count) slots")
            }
            try await assertKeys(keys, on: addresses)
        }
    }

    // MARK: Atomic slot migration

    @Test("atomic slot migration moves the slots in one job on Valkey 9; on Redis, --atomic is refused by name and changes nothing")
    func atomicMigration() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let slots = SlotSet(0...499)
            let keys = SlotKeys(slots: slots, perSlot: 20)
            try await keys.write(to: source)
            guard try await supportsAtomic(source) else {
                let before = try await readConfigurations([source, target])
                let run = try await TribProcess.run(["migrate_slots", "\(source)", "\(target)", "0-499", "--atomic", "--json"])
                #expect(run.status == 1)
                #expect(run.err.contains("atomic-migration-failed") && run.err.contains("has no CLUSTER MIGRATESLOTS"), "\(run.err)")
                try await assertUnchanged(before)
                return
            }
            let events = EventLog()
            var options = OperationOptions(waitTimeout: 30, atomic: .always)
            options.events = events.record
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: slots)
            }
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.atomicMoves == 1 && summary.keyMoves == 0 && summary.keys == keys.values.count)
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
            #expect(try await ownView(target).map { slots.isSubset(of: $0.slots) } == true)
            let jobs = try await migrationJobs(on: source)
            #expect(jobs.contains { $0["slot_ranges"] == "0-499" && $0["state"] == "success" && $0["operation"] == "EXPORT" })
        }
    }

    @Test("an atomic migration the server refuses falls back to moving keys; with --atomic the refusal is an error that changes nothing")
    func atomicRefusal() async throws {
        try await withLocalServers(3) { servers in
            try await buildCluster(servers)
            let (source, target, third) = (servers[0].address, servers[1].address, servers[2].address)
            guard try await supportsAtomic(source) else {
                try Test.cancel("atomic slot migration is Valkey-only: \(source) has no CLUSTER MIGRATESLOTS")
            }
            let slots = SlotSet(0...99)
            let keys = SlotKeys(slots: slots, perSlot: 30)
            try await keys.write(to: source)
            // Valkey refuses atomic migration while any slot of the source is open by hand (--force lets
            // redis-trib go on with it open).
            let thirdID = try await ownView(third)?.id ?? ""
            try await withConnection(to: source) { connection in
                try await connection.send("CLUSTER", "SETSLOT", "5000", "MIGRATING", thirdID)
            }
            let before = try await readConfigurations([source, target, third])
            await withOperator(OperationOptions(waitTimeout: 30, force: true, atomic: .always)) { trib in
                await #expect { try await trib.migrateSlots(from: source, to: target, slots: slots) } throws: { error in
                    let error = error as? TribError
                    return error?.code == .atomicMigrationFailed && error?.message.contains("manually migrated") == true
                }
            }
            try await assertUnchanged(before)
            // An ACL that denies the command is a refusal too (this one leaves no slot open).
            try await withConnection(to: source) { connection in
                try await connection.send("CLUSTER", "SETSLOT", "5000", "STABLE")
                try await connection.send("ACL", "SETUSER", "default", "-cluster|migrateslots")
            }

            let events = EventLog()
            var options = OperationOptions(waitTimeout: 30, atomic: .auto)
            options.events = events.record
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: slots)
            }
            let summary = try #require(events.summary)
            #expect(summary.completed && summary.fallbacks == 1 && summary.keyMoves == 1 && summary.atomicMoves == 0)
            #expect(events.steps.contains { $0.contains("refused atomic slot migration") && $0.contains("NOPERM") })
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target, third]) == keys.values.count)
            try await withConnection(to: source) { connection in
                try await connection.send("ACL", "SETUSER", "default", "+@all")
            }
        }
    }

    @Test(
        "an atomic migration that cannot finish is cancelled at its timeout and on Ctrl-C; the slots and keys stay on the source",
        arguments: ["timeout", "ctrl-c"])
    func atomicCancellation(how: String) async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            guard try await supportsAtomic(source) else {
                try Test.cancel("atomic slot migration is Valkey-only: \(source) has no CLUSTER MIGRATESLOTS")
            }
            let slots = SlotSet(0...99)
            let keys = SlotKeys(slots: slots, perSlot: 50)
            try await keys.write(to: source)
            // The target freezes the moment the job is asked for, so the job cannot end.
            let running = RunningTask()
            var options = OperationOptions(waitTimeout: 30, atomic: .always, atomicTimeout: how == "timeout" ? 1 : 3600)
            let frozen = servers[1]
            options.connection.logger = CommandLogHandler.logger { command in
                guard command.subcommand == "MIGRATESLOTS" else { return }
                frozen.signal(SIGSTOP)
                if how == "ctrl-c" {
                    Task {
                        try? await Task.sleep(for: .milliseconds(300))
                        running.cancel()
                    }
                }
            }
            try await withOperator(options) { trib in
                let move = Task { _ = try await trib.migrateSlots(from: source, to: target, slots: slots) }
                running.set(move)
                let outcome = await move.result
                servers[1].signal(SIGCONT)
                // The source may have flagged the frozen target meanwhile: wait until it serves again.
                let serving = try await pollUntil { try await readNode(source).info["cluster_state"] == "ok" }
                #expect(serving, "\(source) did not serve again after the target came back")
                let error = try #require(outcome.failure as? TribError)
                #expect(error.code == (how == "timeout" ? .atomicMigrationTimeout : .cancelled), "\(error)")
                #expect(error.message.contains("stay on \(source)"), "\(error.message)")
            }
            let jobs = try await migrationJobs(on: source)
            #expect(!jobs.isEmpty && jobs.allSatisfy { ["success", "failed", "cancelled"].contains($0["state"] ?? "") }, "\(jobs)")
            #expect(jobs.first?["state"] == "cancelled")
            #expect(try await ownView(source).map { slots.isSubset(of: $0.slots) } == true)
            let missing = try await keys.missing(on: source)
            if let first = missing.first {
                var reply = RESPValue.null
                try await withConnection(to: source) { reply = try await $0.pipeline([RedisCommand(arguments: [ByteBuffer(string: "GET"), first])])[0] }
                Issue.record("\(missing.count) key(s) not readable on \(source); GET of the first answers \(reply)")
            }
            #expect(try await totalKeys([source, target]) == keys.values.count)

            // Nothing is left stuck: the same move then succeeds.
            try await withOperator(.testing) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: slots)
            }
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
        }
    }

    // MARK: Progress and dry run

    @Test("--json prints progress events at least once a second and a final summary, each a well-formed JSON line, and nothing on stderr")
    func progressEvents() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(0...199), perSlot: 100)
            try await keys.write(to: source)
            let run = try await TribProcess.run(["migrate_slots", "\(source)", "\(target)", "0-199", "--json", "--no-atomic", "--keys-per-batch", "10"])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.err.isEmpty, "stderr: \(run.err.prefix(500))")
            let lines = try jsonLines(run.out)
            let progress = lines.filter { $0["event"] as? String == "progress" }
            let summaries = lines.filter { $0["event"] as? String == "migration_summary" }
            #expect(!progress.isEmpty)
            #expect(summaries.count == 1)
            #expect(lines.last?["command"] as? String == "migrate_slots" && lines.last?["ok"] as? Bool == true)
            let summary = try #require(summaries.first)
            #expect(summary["completed"] as? Bool == true && summary["slots"] as? Int == 200 && summary["keys"] as? Int == keys.values.count, "\(summary)")
            for field in ["slots_done", "slots_total", "keys_moved", "keys_total", "elapsed", "keys_per_second", "fraction", "eta"] {
                #expect(progress.allSatisfy { $0[field] != nil }, "a progress event lacks \(field)")
            }
            let moved = progress.compactMap { $0["keys_moved"] as? Int }
            #expect(moved.count == progress.count, "a keys_moved is not an integer")
            #expect(moved == moved.sorted(), "keys_moved went down")
            #expect(progress.last?["fraction"] as? Double == 1)
            let elapsed = progress.compactMap { $0["elapsed"] as? Double }
            #expect(elapsed.count == progress.count, "an elapsed is not a number")
            let times = [0.0] + elapsed
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
            #expect((gaps.max() ?? 0) <= 1.0, "progress events \(gaps.max() ?? 0) s apart")
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
        }
    }

    @Test("on a terminal a progress bar shows slots, keys, an ETA and keys per second, then the result once; with no terminal, nothing extra")
    func progressBar() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: SlotSet(0...199), perSlot: 200)
            try await keys.write(to: source)

            // `script` runs the move on a pseudo-terminal (of no set size: the bar takes 80 columns)
            // and copies everything written to it.
            let transcript = FileManager.default.temporaryDirectory.appendingPathComponent("trib-pty-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: transcript) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-q", "-e", "-c", "\(TribProcess.binaryPath) migrate_slots \(source) \(target) 0-199 --no-atomic", "/dev/null"]
            process.environment = ProcessInfo.processInfo.environment.merging(["TERM": "xterm"]) { $1 }
            process.standardOutput = try FileHandle(forWritingTo: transcript)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Stopping the target in the middle of the move holds the bar at a part done, with an ETA.
            let started = try await pollUntil(timeout: .seconds(60), interval: .milliseconds(2)) { try await totalKeys([target]) > 0 }
            #expect(started)
            try await servers[1].freeze(for: 1.2)
            process.waitUntilExit()
            let screen = String(decoding: try Data(contentsOf: transcript), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(screen.suffix(500))")
            let frames = screen.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
            let bar = try Regex(#"^\[[=> ]{5,20}\] +\d{1,3}%  \d+/200 slots  [\d,]+/40,000 keys  ETA \d+:\d\d  [\d,]+ keys/s$"#)
            #expect(frames.contains { $0.wholeMatch(of: bar) != nil }, "no progress bar with an ETA among: \(frames.prefix(20))")
            #expect(frames.filter { $0.hasPrefix("[") }.allSatisfy { $0.count < 80 }, "a bar wider than the 80 columns: \(frames)")
            // The bar is cleared; the result says once what moved (a plain run adds no summary line).
            // ("\r\n" is one Character, which the split above keeps whole.)
            let lines = frames.map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
            #expect(lines.last == "moved 200 slot(s) with 40000 key(s) from \(source) to \(target)", "\(frames.suffix(5))")
            #expect(lines.filter { $0.hasPrefix("moved ") }.count == 1, "\(frames.suffix(5))")
            #expect(try await keys.missing(on: target).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)

            // Back again with no terminal: the result line only, no bar or carriage return anywhere.
            let back = try await TribProcess.run(["migrate_slots", "\(target)", "\(source)", "0-199", "--no-atomic"])
            #expect(back.status == 0, "\(back.err)")
            #expect(!back.err.contains("\r") && !back.out.contains("\r") && !back.err.contains("slots  "), "stderr: \(back.err.prefix(300))")
            #expect(!back.out.contains("keys/s"), "stdout: \(back.out.prefix(300))")
            #expect(try await keys.missing(on: source).isEmpty)
            #expect(try await totalKeys([source, target]) == keys.values.count)
        }
    }

    @Test("a dry run reports the handshakes, one MIGRATE per slot with keys and the owners (or the atomic command), and changes nothing")
    func dryRun() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (source, target) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: [try HashSlot(0), try HashSlot(2)], perSlot: 5)
            try await keys.write(to: source)
            let before = try await readConfigurations([source, target])
            let events = EventLog()
            var options = OperationOptions(waitTimeout: 30, atomic: .never, dryRun: true)
            options.events = events.record
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: source, to: target, slots: SlotSet(0...2))
            }
            try await assertUnchanged(before)
            let sent = events.wouldSend.map { "\($0.node) \($0.command)" }
            let targetID = try await ownView(target)?.id ?? ""
            let sourceID = try await ownView(source)?.id ?? ""
            let expected =
                (0...2).map { "\(target) CLUSTER SETSLOT \($0) IMPORTING \(sourceID)" }
                + (0...2).map { "\(source) CLUSTER SETSLOT \($0) MIGRATING \(targetID)" }
                + [0, 2].map { "\(source) MIGRATE \(target.host) \(target.port) \"\" 0 60000 KEYS \"(5 keys of slot \($0))\"" }
                + (0...2).map { "\(target) CLUSTER SETSLOT \($0) NODE \(targetID)" }
                + (0...2).map { "\(source) CLUSTER SETSLOT \($0) NODE \(targetID)" }
            #expect(sent == expected)
            #expect(events.summary == nil)

            if try await supportsAtomic(source) {
                let atomicEvents = EventLog()
                var atomic = OperationOptions(waitTimeout: 30, dryRun: true)
                atomic.events = atomicEvents.record
                try await withOperator(atomic) { trib in
                    try await trib.migrateSlots(from: source, to: target, slots: SlotSet(0...2))
                }
                try await assertUnchanged(before)
                #expect(atomicEvents.wouldSend.map { "\($0.node) \($0.command)" } == ["\(source) CLUSTER MIGRATESLOTS SLOTSRANGE 0 2 NODE \(targetID)"])
            }
        }
    }
}

// MARK: Helpers

/// Every event an operation reported, kept for the test to look at.
final class EventLog: Sendable {
    private let events = Mutex<[OperationEvent]>([])

    var record: @Sendable (OperationEvent) -> Void {
        { [self] event in events.withLock { $0.append(event) } }
    }

    var all: [OperationEvent] { events.withLock { $0 } }

    /// The last ``OperationEvent/migrationFinished(_:)``.
    var summary: MigrationSummary? {
        all.compactMap { event -> MigrationSummary? in
            if case .migrationFinished(let summary) = event { return summary }
            return nil
        }.last
    }

    var steps: [String] {
        all.compactMap { event -> String? in
            if case .step(let text) = event { return text }
            return nil
        }
    }

    var wouldSend: [(node: NodeAddress, command: RedisCommand)] {
        all.compactMap { event -> (NodeAddress, RedisCommand)? in
            if case .wouldSend(let node, let command) = event { return (node, command) }
            return nil
        }
    }
}

/// The task of an operation, to cancel it from elsewhere as Ctrl-C would.
final class RunningTask: Sendable {
    private let task = Mutex<Task<Void, any Error>?>(nil)

    func set(_ running: Task<Void, any Error>) {
        task.withLock { $0 = running }
    }

    func cancel() {
        task.withLock { $0?.cancel() }
    }
}

/// Whether the node has Valkey 9's `CLUSTER MIGRATESLOTS`, asked the way the engine asks.
private func supportsAtomic(_ node: NodeAddress) async throws -> Bool {
    var supported = false
    try await withConnection(to: node) { connection in
        let reply = try await connection.send("COMMAND", "INFO", "CLUSTER|MIGRATESLOTS")
        supported = reply.elements?.first?.elements?.isEmpty == false
    }
    return supported
}

/// `CLUSTER GETSLOTMIGRATIONS` as field dictionaries, newest first.
private func migrationJobs(on node: NodeAddress) async throws -> [[String: String]] {
    var jobs: [[String: String]] = []
    try await withConnection(to: node) { connection in
        let reply = try await connection.send("CLUSTER", "GETSLOTMIGRATIONS")
        for job in reply.elements ?? [] {
            let fields = job.elements ?? []
            var entry: [String: String] = [:]
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                entry[fields[index].string ?? ""] = fields[index + 1].string ?? ""
            }
            jobs.append(entry)
        }
    }
    return jobs
}

/// The keys of a slot on a node, in the server's order.
func keysInSlot(_ slot: Int, on node: NodeAddress) async throws -> [ByteBuffer] {
    var keys: [ByteBuffer] = []
    try await withConnection(to: node) { connection in
        keys = try await connection.send("CLUSTER", "GETKEYSINSLOT", String(slot), "100000").elements?.compactMap(\.bytes) ?? []
    }
    return keys
}

/// A hash, a list, a set and a sorted set of 5000 elements each in `slot`; returns each key with
/// the command that reads its whole value and the reply expected.
func writeAggregates(slot: HashSlot, to node: NodeAddress) async throws -> [(key: String, read: [String], value: RESPValue)] {
    let tag = SlotKeys.tag(for: slot)
    var aggregates: [(key: String, read: [String], value: RESPValue)] = []
    try await withConnection(to: node) { connection in
        var commands: [RedisCommand] = []
        for index in 0..<5000 {
            commands.append(RedisCommand("HSET", "{\(tag)}:hash", "f\(index)", "v\(index)"))
            commands.append(RedisCommand("RPUSH", "{\(tag)}:list", "e\(index)"))
            commands.append(RedisCommand("SADD", "{\(tag)}:set", "m\(index)"))
            commands.append(RedisCommand("ZADD", "{\(tag)}:zset", String(index), "z\(index)"))
        }
        for start in stride(from: 0, to: commands.count, by: 100) {
            _ = try await connection.pipeline(Array(commands[start..<min(commands.count, start + 100)]))
        }
        for (key, read) in [
            ("{\(tag)}:hash", ["HLEN"]), ("{\(tag)}:list", ["LRANGE", "0", "-1"]), ("{\(tag)}:set", ["SCARD"]),
            ("{\(tag)}:zset", ["ZRANGE", "0", "-1", "WITHSCORES"]),
        ] {
            let value = try await connection.send(RedisCommand([read[0], key] + read.dropFirst()))
            aggregates.append((key, read, value))
        }
    }
    return aggregates
}

/// Checks that the aggregates read the same on `node`.
func assertAggregates(_ aggregates: [(key: String, read: [String], value: RESPValue)], on node: NodeAddress) async throws {
    try await withConnection(to: node) { connection in
        for aggregate in aggregates {
            let value = try await connection.send(RedisCommand([aggregate.read[0], aggregate.key] + aggregate.read.dropFirst()))
            #expect(value == aggregate.value, "\(aggregate.key) differs")
        }
    }
}

/// Every line of `output` parsed as a JSON object.
private func jsonLines(_ output: String) throws -> [[String: Any]] {
    try output.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(line)")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
