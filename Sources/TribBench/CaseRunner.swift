import Foundation
import RESP
import RedisTrib
import TribCommands

/// Runs the tools of one case, alternating them across repetitions, each on fresh nodes, and
/// checks after every run that every key arrived with its value and no slot is left open.
struct CaseRunner {
    var toolbox: Toolbox
    /// Where node folders and tool logs go.
    var root: String
    /// Requests per second of the load client during each timed move; 0 for none.
    var loadRate: Double

    /// Runs every repetition; returns the records and the tools skipped.
    func run(_ benchCase: BenchCase, log: (String) -> Void) async -> (records: [RunRecord], skipped: [SkippedTool]) {
        var records: [RunRecord] = []
        var skipped: [SkippedTool] = []
        var tools: [BenchTool] = []
        for tool in benchCase.tools {
            if let reason = toolbox.missing(tool) {
                skipped.append(SkippedTool(subject: CaseTool(benchCase, tool), reason: reason))
                log("  skip \(tool.label): \(reason)")
            } else {
                tools.append(tool)
            }
        }
        guard !tools.isEmpty else { return (records, skipped) }
        for repetition in 0..<benchCase.repetitions {
            // Rotating the order spreads warm-up and background load over every tool.
            let shift = repetition % tools.count
            for tool in Array(tools[shift...] + tools[..<shift]) {
                // The Python redis-trib runs once per case: it takes 40 s or more a run.
                if tool == .pythonRedisTrib, repetition > 0 { continue }
                let record = await runOnce(benchCase, tool: tool, repetition: repetition)
                records.append(record)
                log(Self.describe(record, of: benchCase))
            }
        }
        return (records, skipped)
    }

    private static func describe(_ record: RunRecord, of benchCase: BenchCase) -> String {
        let head = "  \(benchCase.id) \(benchCase.server.name) #\(record.repetition + 1) \(record.subject.tool.label):"
        if let failure = record.failure {
            return "\(head) FAILED \(failure)"
        }
        let rate = Int(Double(record.keysMoved) / max(record.wallSeconds, 1e-9))
        let atomic = record.usedAtomicMigration ? " [atomic]" : ""
        let toolCPU = record.cpuSeconds.map { String(format: "%.2f s", $0) } ?? "n/a"
        let serverCPU = record.serverCPUSeconds.map { String(format: "%.2f s", $0) } ?? "n/a"
        let peak = record.peakKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a"
        let moving = record.movingSeconds.map { String(format: " (moving %.2f s)", $0) } ?? ""
        let ready = record.readySeconds.map { String(format: ", ready at %.2f s", $0) } ?? ""
        let load =
            record.load.map {
                "; client moving \(LoadLatency.describe($0.moving)) ms, other \(LoadLatency.describe($0.other)) ms, "
                    + "\($0.requests.grouped) requests, \($0.redirects.grouped) redirections, errors \($0.errorSummary)"
            } ?? ""
        let untimed = String(format: "fill %.1f s, fingerprint %.1f s, check %.1f s", record.fillSeconds, record.fingerprintSeconds, record.checkSeconds)
        return "\(head)\(atomic) \(String(format: "%.2f", record.wallSeconds)) s\(moving), \(record.keysMoved.grouped) keys, \(rate.grouped) keys/s, "
            + "peak \(peak), cpu: tool \(toolCPU), servers \(serverCPU)\(ready)\(load) (\(untimed))"
    }

    private func runOnce(_ benchCase: BenchCase, tool: BenchTool, repetition: Int) async -> RunRecord {
        let tag = "\(benchCase.id)-\(benchCase.server.family.rawValue.lowercased())-\(tool.shortLabel)-\(repetition + 1)"
        var record = RunRecord(subject: CaseTool(benchCase, tool), repetition: repetition)
        let cluster: BenchCluster
        do {
            cluster = try await BenchCluster.start(
                server: benchCase.server, masters: benchCase.masters, free: benchCase.freeNodes, root: "\(root)/nodes-\(tag)"
            )
        } catch {
            record.failure = "could not start the cluster: \(error)"
            return record
        }
        do {
            try await measure(benchCase, tool: tool, cluster: cluster, logPath: "\(root)/logs/\(tag).log", into: &record)
        } catch {
            record.failure = "\(error)"
        }
        await cluster.stop()
        return record
    }

    private func measure(_ benchCase: BenchCase, tool: BenchTool, cluster: BenchCluster, logPath: String, into record: inout RunRecord) async throws {
        let fillStarted = ContinuousClock.now
        let before = try await SlotOwnership.settled(cluster.masters.map(\.address))
        try await DatasetWriter().write(benchCase.dataset, owners: before.ownerAddresses)
        let fingerprintStarted = ContinuousClock.now
        record.fillSeconds = (fingerprintStarted - fillStarted).seconds
        let original = try await ClusterFingerprint.take(before)
        record.fingerprintSeconds = (ContinuousClock.now - fingerprintStarted).seconds
        guard original.keyCount == benchCase.dataset.keyCount, original.misplaced == 0 else {
            throw BenchError("the fill wrote \(original.keyCount) keys (\(original.misplaced) misplaced), not \(benchCase.dataset.keyCount)")
        }

        let (executable, arguments) = toolbox.commandLine(tool, move: benchCase.move, cluster: cluster)
        let child = ChildProcess(executable: executable, arguments: arguments, logPath: logPath)
        let loadKeys: LoadKeys
        switch benchCase.move {
        case .slots(_, _, let slots): loadKeys = LoadKeys(moving: slots, perStream: 64)
        case .join: loadKeys = LoadKeys(moving: nil, perStream: 64)
        }
        let load = loadRate > 0 ? LoadClient(keys: loadKeys, rate: loadRate).start(owners: before.ownerAddresses) : nil
        let serversBefore = cluster.serverCPUSeconds()
        let started = ContinuousClock.now
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await child.run(timeout: tool.timeout)
        } catch {
            _ = await load?.stop()
            throw error
        }
        let loadOutcomes = await load?.stop()
        if let serversBefore, let serversAfter = cluster.serverCPUSeconds() {
            record.serverCPUSeconds = serversAfter - serversBefore
        }
        let checkStarted = ContinuousClock.now
        defer { record.checkSeconds = (ContinuousClock.now - checkStarted).seconds }
        record.wallSeconds = outcome.wallSeconds
        record.peakKiB = outcome.peakKiB
        record.cpuSeconds = outcome.cpuSeconds
        if outcome.timedOut {
            throw BenchError("killed after \(Int(tool.timeout)) s: \(child.failureSummary())")
        }
        if outcome.status != 0 {
            throw BenchError("exit status \(outcome.status): \(child.failureSummary())")
        }
        if tool.isRedisTrib {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            guard let moving = BenchTool.movingSeconds(inOutput: output) else {
                throw BenchError("redis-trib printed no migration_summary with --json (output: \(logPath))")
            }
            record.movingSeconds = moving
        }

        let members: [NodeAddress]
        if case .join = benchCase.move {
            members = cluster.all.map(\.address)
            // A join is done for clients when the new node serves: every node ok and agreeing.
            let ready = try await ClusterReadiness(nodes: members, replicas: 0).wait()
            record.readySeconds = (ready - started).seconds
        } else {
            members = cluster.masters.map(\.address)
        }
        let after = try await SlotOwnership.settled(members)
        if let loadOutcomes {
            let lost = try await LoadClient.lostWrites(loadOutcomes, keys: loadKeys, owners: after.ownerAddresses)
            record.load = LoadLatency(loadOutcomes, lostWrites: lost) { before.ownerIDs[$0] != after.ownerIDs[$0] }
        }
        if benchCase.server.family == .valkey {
            record.usedAtomicMigration = try await ServerSideMigration.hasJobs(on: cluster.masters.map(\.address))
        }
        let moved = try await ClusterFingerprint.take(after)
        var problems: [String] = []
        if !moved.sameContent(as: original) {
            problems.append(
                "keys or values differ: \(moved.keyCount.grouped) keys after, \(original.keyCount.grouped) before (checksums \(moved.sum == original.sum && moved.xor == original.xor ? "equal" : "differ"))"
            )
        }
        if moved.misplaced > 0 {
            problems.append("\(moved.misplaced.grouped) keys on a master that does not own their slot")
        }
        switch benchCase.move {
        case .slots(_, let target, let slots):
            let targetID = cluster.ids[target]
            let notMoved = slots.filter { after.ownerIDs[$0] != targetID }
            if !notMoved.isEmpty {
                problems.append("\(notMoved.count) of the slots were not moved to the target (first: \(notMoved[0]))")
            }
            record.keysMoved = (moved.keysPerMaster[targetID] ?? 0) - (original.keysPerMaster[targetID] ?? 0)
        case .join(_, let newNode):
            let newID = cluster.ids[newNode]
            if !after.ownerIDs.contains(newID) {
                problems.append("the new node owns no slot")
            }
            record.keysMoved = moved.keysPerMaster[newID] ?? 0
        }
        if let lost = record.load?.lostWrites, lost > 0 {
            problems.append("the load client lost \(lost) acknowledged writes")
        }
        if !problems.isEmpty {
            throw BenchError(problems.joined(separator: "; "))
        }
    }
}
