import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A cluster-aware client writes fresh keys and increments counters while each operation runs;
/// afterwards every acknowledged write is there and every counter within its bounds.
@Suite("Reliability: writes during operations", .serialized)
struct WritesDuringOperationsTests {
    static let operations = [
        "migrate_slots there", "migrate_slots back", "fix of a half-done move", "join", "quit", "rescue",
    ]

    @Test(
        "acknowledged writes survive migrate_slots both ways, fix, join, quit and rescue, keys moved by MIGRATE or by DUMP and RESTORE",
        arguments: KeyTransfer.allCases)
    func writesSurvive(transfer: KeyTransfer) async throws {
        let runs = ReliabilityFigures.runs(quick: 1, long: 20, key: "WRITES")
        let mode = transfer == .migrate ? "" : " (--transfer \(transfer))"
        var figures = Dictionary(uniqueKeysWithValues: Self.operations.map { ($0, ReliabilityFigures(scenario: "concurrent writes: \($0)\(mode)")) })
        for run in 0..<runs {
            try await oneRun(run, transfer: transfer, figures: &figures)
        }
        for name in Self.operations {
            figures[name]?.record()
        }
    }

    /// One cluster, the six operations in turn, each under writes.
    private func oneRun(_ run: Int, transfer: KeyTransfer, figures: inout [String: ReliabilityFigures]) async throws {
        // Full coverage off: while C is dead before rescue, the other masters' slots still take writes.
        let configuration = ["--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no"]
        try await withLocalServers(5, extraArguments: configuration) { servers in
            let (a, b, c, d, e) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address, servers[4].address)
            // Odd runs move key by key on Valkey too; even runs let Valkey move slots atomically. The
            // dump transfer always moves key by key.
            let atomic: AtomicMode = run.isMultiple(of: 2) && transfer == .migrate ? .auto : .never
            let options = OperationOptions(waitTimeout: 30, keysPerBatch: 100, transfer: transfer, atomic: atomic)
            let moved = try SlotSet(parsing: "100-131")
            var baseline = try await startFilledCluster([a, b, c], slots: moved, perSlot: 300, spread: 3000, prefix: "r\(run)")

            func step(_ name: String, cluster: [NodeAddress], slots: SlotSet?, _ operation: @Sendable (ClusterOperator) async throws -> Void) async throws {
                let writer = ClusterWriter(seeds: cluster, slots: slots, prefix: "w\(run)-\(Self.operations.firstIndex(of: name) ?? -1)")
                let writing = Task { await writer.run() }
                _ = try await pollUntil(interval: .milliseconds(10)) { await writer.ledger.acknowledgedWrites >= 20 }
                var failure: (any Error)?
                do { try await withOperator(options) { try await operation($0) } } catch { failure = error }
                await writer.stop()
                await writing.value
                let ledger = await writer.ledger
                #expect(failure == nil, "\(name), run \(run): \(failure.map { "\($0)" } ?? "")")
                let check = try await LedgerCheck.read(cluster, written: baseline, ledger: ledger)
                #expect(check.lost.count == 0, "\(name), run \(run): \(check.summary)")
                #expect(check.unexpected.count == 0, "\(name), run \(run): \(check.summary)")
                #expect(ledger.acknowledgedWrites > 0, "\(name), run \(run): the writer wrote nothing")
                figures[name]?.runs += 1
                figures[name]?.keysChecked += check.keysChecked
                figures[name]?.acknowledgedWrites += ledger.acknowledgedWrites
                figures[name]?.unknownWrites += ledger.unknownWrites
                figures[name]?.keysLost += check.lost.count
                figures[name]?.refusals += failure == nil ? 0 : 1
                figures[name]?.notes = "last run's writer: \(ledger.moved) MOVED, \(ledger.asked) ASK, \(ledger.retried) retried, \(ledger.refused) refused"
                baseline = check.found
            }

            try await step("migrate_slots there", cluster: [a, b, c], slots: moved) { try await $0.migrateSlots(from: a, to: b, slots: moved) }
            try await step("migrate_slots back", cluster: [a, b, c], slots: moved) { try await $0.migrateSlots(from: b, to: a, slots: moved) }

            // A move of slot 140 from A interrupted halfway: both markers set, half its keys on the target.
            let half = try HashSlot(140)
            let halfKeys = try await writeSlotKeys(half, perSlot: 400, to: a, into: &baseline)
            try await openHalfDoneMove(of: half, keys: halfKeys, among: [a, b, c])
            try await step("fix of a half-done move", cluster: [a, b, c], slots: SlotSet([half])) { try await $0.fix(a) }

            try await step("join", cluster: [a, b, c, d], slots: nil) { try await $0.join(cluster: a, newNode: d) }
            try await assertClusterHealthy([a, b, c, d], expectedMasters: 4)
            try await step("quit", cluster: [a, b, c], slots: nil) { try await $0.quit(d) }
            try await assertClusterHealthy([a, b, c], expectedMasters: 3)

            // C dies with its keys (no persistence): what it held is gone by design, not by the tool.
            let cSlots = try #require(try await ownView(c)?.slots)
            let cID = try #require(try await ownView(c)?.id)
            servers[2].signal(SIGKILL)
            let flagged = try await pollUntil { try await readNode(a).topology.node(id: cID)?.flags.contains(.failed) == true }
            try #require(flagged, "\(a) did not flag \(c) fail")
            baseline = baseline.filter { !cSlots.contains(HashSlot.forKey($0.key.readableBytesView)) }
            try await step("rescue", cluster: [a, b, e], slots: nil) { try await $0.rescue(cluster: a, freeNode: e) }
            try await assertClusterHealthy([a, b, e], expectedMasters: 3, failed: [cID])
        }
    }
}
