import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The source or the target of a move is SIGKILLed (and restarted from its folder, persistence on)
/// or SIGSTOPped (and continued) in the middle of `migrate_slots`: the tool exits non-zero with an
/// error naming what failed, within its timeouts; then `fix` finishes the move with no key lost.
@Suite("Reliability: nodes failing mid-move", .serialized)
struct NodeFailureTests {
    struct Failure: Sendable, CustomStringConvertible {
        var victimIsSource: Bool
        var signal: Int32
        var description: String { "\(victimIsSource ? "source" : "target") \(signal == SIGKILL ? "SIGKILLed" : "SIGSTOPped")" }
    }

    static let failures = [
        Failure(victimIsSource: true, signal: SIGKILL), Failure(victimIsSource: false, signal: SIGKILL),
        Failure(victimIsSource: true, signal: SIGSTOP), Failure(victimIsSource: false, signal: SIGSTOP),
    ]

    @Test("a node killed or stopped mid-move: the tool fails clearly, fix finishes after the restart, no key lost")
    func nodeFailsMidMove() async throws {
        let runs = ReliabilityFigures.runs(quick: 1, long: 5, key: "FAILURES")
        var figures = Dictionary(uniqueKeysWithValues: Self.failures.map { ($0.description, ReliabilityFigures(scenario: "node failing: \($0)")) })
        for run in 0..<runs {
            for failure in Self.failures {
                var figure = figures[failure.description] ?? ReliabilityFigures(scenario: "")
                // A move that finished before the failure landed tested nothing: it is run again, at most twice.
                var attempts = 1
                while try await !oneFailure(failure, run: run, figures: &figure) {
                    attempts += 1
                    try #require(attempts <= 3, "\(failure): the move finished before the failure landed, 3 times")
                }
                figures[failure.description] = figure
            }
        }
        for failure in Self.failures {
            figures[failure.description]?.record()
        }
    }

    /// One move with a node failing in it; whether the failure landed while the tool worked (`false`:
    /// the move was done first, and the run still checks that no key was lost).
    private func oneFailure(_ failure: Failure, run: Int, figures: inout ReliabilityFigures) async throws -> Bool {
        // Every write reaches the disk before its reply, so a node killed and restarted keeps its keys.
        let persistent = ["--appendonly", "yes", "--appendfsync", "always", "--cluster-node-timeout", "2000"]
        let launcher = try LocalServerLauncher(extraArguments: persistent)
        var servers = try await launcher.start(count: 3)
        do {
            let (a, b) = (servers[0].address, servers[1].address)
            let baseline = try await startFilledCluster(
                servers.map(\.address), slots: try SlotSet(parsing: "0-15"), perSlot: 500, spread: 1000, prefix: "fail\(run)")
            let victimIndex = failure.victimIsSource ? 0 : 1
            let victim = servers[victimIndex]

            let trib = try WatchedTrib([
                "--command-timeout", "1", "--timeout", "20",
                "migrate_slots", "\(a)", "\(b)", "0-15", "--no-atomic", "--keys-per-batch", "20", "--migrate-timeout", "1000",
            ])
            var migrates = 0
            let wait = try await trib.waitForLine { KillPoint.midBatch.matches($0, migrates: &migrates) }
            #expect(wait != .timedOut, "\(failure): the move hung before its third MIGRATE")
            let reached = wait != .exited && wait != .timedOut
            // The tool is held still while the node fails: the failure lands between two of its steps.
            trib.signal(SIGSTOP)
            victim.signal(failure.signal)
            trib.signal(SIGCONT)
            // The tool's own limits are 1 s per command and MIGRATE, 20 s for agreement.
            let exit = try await trib.waitForExit(timeout: .seconds(45))
            if exit == nil { trib.kill() }
            // Exit 0: done before the test could hold it still (a loaded machine), checked below once the victim is back.
            let exitedCleanly = reached && exit?.status == 0
            if reached && !exitedCleanly {
                #expect(exit != nil, "\(failure): the tool did not exit within its timeouts")
                #expect(exit?.status == 1, "\(failure): exit status \(exit.map { "\($0.status)" } ?? "none")")
                let message = exit?.err.split(separator: "\n").last { $0.contains("error:") }.map(String.init) ?? ""
                let tail = exit?.err.split(separator: "\n").suffix(3).joined(separator: " | ") ?? ""
                #expect(message.contains(victim.address.description), "\(failure): the error does not name \(victim.address); stderr ends: \(tail)")
                figures.notes = message.isEmpty ? figures.notes : String(message.prefix(160))
            } else if !reached {
                Issue.record("\(failure): the move ended before its third MIGRATE")
            }

            if failure.signal == SIGKILL {
                await victim.stop()
                servers[victimIndex] = try await launcher.restart(victim)
            } else {
                victim.signal(SIGCONT)
            }
            let addresses = servers.map(\.address)
            try await waitUntilSettled(addresses)
            // A restarted master answers CLUSTERDOWN for its first seconds (Redis' writable delay).
            let serving = try await pollUntil { try await addresses.asyncMap(readNode).allSatisfy { $0.info["cluster_state"] == "ok" } }
            #expect(serving, "\(failure): the cluster did not report cluster_state:ok again")
            var finishedFirst = false
            if exitedCleanly {
                finishedFirst = try await ownView(b).map { try SlotSet(parsing: "0-15").isSubset(of: $0.slots) } == true
                #expect(finishedFirst, "\(failure): exit 0, yet the target does not own every slot")
                figures.notes = "finished before the failure landed"
            }
            let fix = try await TribProcess.run(["--timeout", "30", "fix", "\(a)"])
            #expect(fix.status == 0, "fix after \(failure): \(fix.err)")
            for node in addresses {
                #expect(try await ownView(node)?.openSlots.isEmpty == true, "\(node) has open slots after \(failure) and fix")
            }
            let check = try await LedgerCheck.read(addresses, written: baseline)
            #expect(check.lost.count == 0, "\(failure): \(check.summary)")
            #expect(check.unexpected.count == 0, "\(failure): \(check.summary)")
            figures.runs += 1
            figures.keysChecked += check.keysChecked
            figures.keysLost += check.lost.count
            figures.refusals += exit?.status == 0 ? 0 : 1
            await launcher.stop(servers)
            return !finishedFirst
        } catch {
            for server in servers {
                let log = (try? String(contentsOfFile: server.logPath, encoding: .utf8)) ?? "(no log)"
                Issue.record(
                    "\(failure): \(server.address) (pid \(server.pid), running: \(server.isRunning)) log ends: \(log.split(separator: "\n").suffix(6).joined(separator: " | "))"
                )
            }
            await launcher.stop(servers)
            throw error
        }
    }
}
