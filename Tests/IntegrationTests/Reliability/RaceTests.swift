import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// Two operations on the same slots started together by two `redis-trib` processes: no key is lost,
/// and at most one proceeds on a slot (the other is refused or finds the work done).
@Suite("Reliability: racing operations", .serialized)
struct RaceTests {
    static let races = ["two migrate_slots to two targets", "migrate_slots against fix", "join against migrate_slots"]

    @Test("two operations on the same slots at once: at most one moves a slot, no key lost")
    func racingOperations() async throws {
        let runs = ReliabilityFigures.runs(quick: 1, long: 20, key: "RACES")
        var figures = Dictionary(uniqueKeysWithValues: Self.races.map { ($0, ReliabilityFigures(scenario: "races: \($0)")) })
        for run in 0..<runs {
            try await withLocalServers(4, extraArguments: ["--cluster-node-timeout", "2000"]) { servers in
                let (a, b, c, d) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address)
                let slots = try SlotSet(parsing: "10-17")
                var baseline = try await startFilledCluster([a, b, c], slots: slots, perSlot: 400, spread: 1000, prefix: "race\(run)")
                let half = try HashSlot(300)
                let halfKeys = try await writeSlotKeys(half, perSlot: 200, to: a, into: &baseline)
                let atomic = run.isMultiple(of: 2) ? [] : ["--no-atomic"]
                let move = ["--keys-per-batch", "50"] + atomic

                // 1. From A to B and from A to C: one of them only.
                var outcome = try await race(["migrate_slots", "\(a)", "\(b)", "10-17"] + move, ["migrate_slots", "\(a)", "\(c)", "10-17"] + move)
                #expect(outcome.succeeded == 1, "not exactly one move of slots 10-17 succeeded: \(outcome.errors)")
                try await settle(Self.races[0], outcome, cluster: [a, b, c], members: [a, b, c], baseline: &baseline, figures: &figures)
                let owners = try await [a, b, c].asyncMap { try await ownView($0)?.slots ?? SlotSet() }
                #expect(owners.filter { !$0.intersection(slots).isEmpty }.count == 1, "slots 10-17 ended split: \(owners)")
                #expect(!owners[0].contains(slots.first ?? half), "slots 10-17 stayed on \(a): \(owners)")

                // 2. The slots move back to A while fix finishes a half-done move from A.
                try await openHalfDoneMove(of: half, keys: halfKeys, among: [a, b, c])
                let holder = try await ownView(b)?.slots.contains(slots.first ?? half) == true ? b : c
                outcome = try await race(["migrate_slots", "\(holder)", "\(a)", "10-17"] + move, ["fix", "\(a)"])
                try await settle(Self.races[1], outcome, cluster: [a, b, c], members: [a, b, c], baseline: &baseline, figures: &figures)

                // 3. D joins (the balance takes slots from A) while slots 10-17 move from A to B.
                let source = try await ownView(a)?.slots.contains(slots.first ?? half) == true ? a : holder
                outcome = try await race(["join", "\(a)", "\(d)"] + move, ["migrate_slots", "\(source)", "\(source == b ? c : b)", "10-17"] + move)
                let members = try await clusterMembers(a, among: [a, b, c, d])
                try await settle(Self.races[2], outcome, cluster: [a, b, c, d], members: members, baseline: &baseline, figures: &figures)
            }
        }
        for race in Self.races {
            figures[race]?.record()
        }
    }

    /// What two racing processes did.
    struct Outcome {
        var succeeded = 0
        var refused = 0
        var errors: [String] = []
    }

    /// Starts both commands, then waits for both.
    private func race(_ first: [String], _ second: [String]) async throws -> Outcome {
        async let one = Task.detached { try await TribProcess.run(["--timeout", "30"] + first) }.value
        async let two = Task.detached { try await TribProcess.run(["--timeout", "30"] + second) }.value
        var outcome = Outcome()
        for result in try await [one, two] {
            if result.status == 0 {
                outcome.succeeded += 1
            } else {
                outcome.refused += 1
                outcome.errors.append(result.err.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(result.status == 1, "exit status \(result.status): \(result.err)")
            }
        }
        return outcome
    }

    /// Finishes what a failed racer left (fix), then checks: no slot open, the cluster healthy, no key lost.
    private func settle(
        _ name: String, _ outcome: Outcome, cluster: [NodeAddress], members: [NodeAddress],
        baseline: inout [ByteBuffer: ByteBuffer], figures: inout [String: ReliabilityFigures]
    ) async throws {
        // A racer that stops says why, in one error line.
        #expect(outcome.errors.allSatisfy { $0.contains("redis-trib: error:") }, "\(name): \(outcome.errors)")
        if outcome.refused > 0 {
            let fix = try await TribProcess.run(["--timeout", "30", "fix", "\(members[0])"])
            #expect(fix.status == 0, "\(name): fix after the race: \(fix.err)")
        }
        try await waitUntilSettled(members)
        try await assertClusterHealthy(members, expectedMasters: members.count)
        let check = try await LedgerCheck.read(cluster, written: baseline)
        #expect(check.lost.count == 0, "\(name): \(check.summary)")
        #expect(check.unexpected.count == 0, "\(name): \(check.summary)")
        figures[name]?.runs += 1
        figures[name]?.keysChecked += check.keysChecked
        figures[name]?.keysLost += check.lost.count
        figures[name]?.refusals += outcome.refused
        if let first = outcome.errors.first {
            figures[name]?.notes = String(first.prefix(160))
        }
        baseline = check.found
    }
}
