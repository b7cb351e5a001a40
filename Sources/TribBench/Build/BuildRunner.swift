import Foundation
import RESP
import RedisTrib
import TribCommands

/// Runs the build cases: for each shape and tool, fresh nodes, a timed create (until the cluster
/// is ready, see ``ClusterReadiness``), then the timed commands on that cluster.
struct BuildRunner {
    var toolbox: Toolbox
    /// Where node folders and tool logs go.
    var root: String
    /// Nodes started at once.
    var startFanOut = 16
    /// A node refuses to become `ok` within 2 s of its start: the create waits until every node is older.
    static let nodeAge: Duration = .milliseconds(2500)

    /// Every shape, tool and repetition of `buildCase`.
    func run(_ buildCase: ClusterBuildCase, log: (String) -> Void) async -> [BuildRecord] {
        var records: [BuildRecord] = []
        for shape in buildCase.shapes {
            for builder in buildCase.builders {
                if let reason = toolbox.missing(builder, shape: shape) {
                    log("  skip \(builder.rawValue) \(shape.label): \(reason)")
                    continue
                }
                var create = BuildRecord(
                    caseID: buildCase.id, caseTitle: buildCase.title, server: buildCase.server.name, shape: shape, builder: builder, operation: nil)
                var operations = buildCase.operations.filter { toolbox.has(builder, $0) }.map { operation in
                    BuildRecord(
                        caseID: buildCase.id, caseTitle: buildCase.title, server: buildCase.server.name, shape: shape, builder: builder, operation: operation)
                }
                for repetition in 0..<buildCase.createRepetitions {
                    let tag = "\(buildCase.id)-\(buildCase.server.family.rawValue.lowercased())-\(shape.label)-\(builder.rawValue)-\(repetition + 1)"
                    await runOnce(
                        buildCase, shape: shape, builder: builder, tag: tag, timeOperations: repetition == buildCase.createRepetitions - 1,
                        create: &create, operations: &operations, log: log)
                }
                records.append(create)
                records += operations
            }
        }
        return records
    }

    /// The node count from which the nodes run with a longer `cluster-node-timeout`.
    static let bigCluster = 200

    /// What the servers of a cluster of `nodes` get beside the launcher's settings: from ``bigCluster``
    /// nodes, `cluster-node-timeout 60000` instead of 5000. Each node pings every other node at least
    /// every half node timeout; 300 nodes at 5000 ms make 36,000 pings a second, which this 2-core
    /// machine cannot carry (neither tool's create converged), at 60000 ms 3,000.
    static func serverArguments(nodes: Int) -> [String] {
        nodes >= bigCluster ? ["--cluster-node-timeout", "60000"] : []
    }

    /// What redis-trib's create gets for a cluster of `nodes`: from ``bigCluster`` nodes, 600 s to
    /// agree and 30 s per reply. Hundreds of servers on 2 cores answer late and gossip slowly at the
    /// long node timeout; redis-cli waits without a bound, so the tools wait alike.
    static func tribOptions(nodes: Int) -> [String] {
        nodes >= bigCluster ? ["--timeout", "600", "--command-timeout", "30"] : []
    }

    /// Fresh nodes, the timed create, and when `timeOperations`, the commands; the nodes are stopped on every path.
    private func runOnce(
        _ buildCase: ClusterBuildCase, shape: ClusterShape, builder: ClusterBuildCase.Builder, tag: String, timeOperations: Bool,
        create: inout BuildRecord, operations: inout [BuildRecord], log: (String) -> Void
    ) async {
        let head = "  \(buildCase.id) \(buildCase.server.name) \(shape.label) \(builder.rawValue)"
        let launcher: LocalServerLauncher
        let nodes: [LocalServer]
        do {
            launcher = try LocalServerLauncher(
                server: buildCase.server.path, rootDirectory: "\(root)/nodes-\(tag)", extraArguments: Self.serverArguments(nodes: shape.nodes),
                startTimeout: 30)
            nodes = try await start(shape.nodes, with: launcher)
        } catch {
            create.failures.append("could not start \(shape.nodes) nodes: \(error)")
            log("\(head): FAILED could not start the nodes: \(error)")
            return
        }
        do {
            try await Task.sleep(until: ContinuousClock.now + Self.nodeAge, clock: .continuous)
            let addresses = nodes.map(\.address)
            let (executable, arguments) = toolbox.createCommand(builder, shape: shape, nodes: addresses)
            let child = ChildProcess(executable: executable, arguments: arguments, logPath: "\(root)/logs/\(tag)-create.log")
            let started = ContinuousClock.now
            let outcome = try await child.run(timeout: 600)
            guard !outcome.timedOut, outcome.status == 0 else {
                throw BenchError("create: exit status \(outcome.status)\(outcome.timedOut ? " (timed out)" : ""): \(child.failureSummary())")
            }
            let ready = try await ClusterReadiness(nodes: addresses, replicas: shape.replicas).wait(timeout: .seconds(300))
            create.seconds.append((ready - started).seconds)
            create.exitSeconds.append(outcome.wallSeconds)
            log(String(format: "\(head): create exited after %.2f s, ready at %.2f s", outcome.wallSeconds, (ready - started).seconds))
            if timeOperations {
                for index in operations.indices {
                    try await time(&operations[index], node: addresses[0], repetitions: buildCase.operationRepetitions, tag: tag)
                    let seconds = operations[index].seconds
                    log(
                        String(
                            format: "\(head) \(operations[index].operation?.rawValue ?? ""): median %.3f s, p90 %.3f s over %d runs",
                            ResultTable.median(seconds) ?? 0, Self.percentile(90, of: seconds) ?? 0, seconds.count))
                }
            }
        } catch {
            create.failures.append("\(error)")
            log("\(head): FAILED \(error)")
        }
        await launcher.stop(nodes)
    }

    /// Runs one command `repetitions` times on the cluster of `node`; a run that fails ends the series.
    private func time(_ record: inout BuildRecord, node: NodeAddress, repetitions: Int, tag: String) async throws {
        guard let operation = record.operation, let (executable, arguments) = toolbox.buildCommand(record.builder, operation: operation, node: node) else {
            return
        }
        // Started directly, not under GNU time: a start-up of a few milliseconds is measured without its fork.
        let child = ChildProcess(
            executable: executable, arguments: arguments, logPath: "\(root)/logs/\(tag)-\(operation.rawValue).log", underGNUTime: false)
        for _ in 0..<repetitions {
            let outcome = try await child.run(timeout: 300)
            guard !outcome.timedOut, outcome.status == 0 else {
                record.failures.append("exit status \(outcome.status): \(child.failureSummary())")
                return
            }
            record.seconds.append(outcome.wallSeconds)
        }
    }

    /// Starts `count` nodes, `startFanOut` at a time; on a failure, stops those started.
    private func start(_ count: Int, with launcher: LocalServerLauncher) async throws -> [LocalServer] {
        var started: [LocalServer] = []
        var failure: (any Error)?
        await withTaskGroup(of: Result<LocalServer, TribError>.self) { group in
            var launched = 0
            while launched < min(startFanOut, count) {
                group.addTask { await Self.startOne(launcher) }
                launched += 1
            }
            for await result in group {
                switch result {
                case .success(let server): started.append(server)
                case .failure(let error): failure = failure ?? error
                }
                if launched < count, failure == nil {
                    group.addTask { await Self.startOne(launcher) }
                    launched += 1
                }
            }
        }
        if let failure {
            await launcher.stop(started)
            throw failure
        }
        return started.sorted { $0.address.port < $1.address.port }
    }

    private static func startOne(_ launcher: LocalServerLauncher) async -> Result<LocalServer, TribError> {
        do {
            return .success(try await launcher.startOne())
        } catch {
            return .failure(error)
        }
    }

    /// The `percent` percentile of `values` (nearest rank); `nil` when empty.
    static func percentile(_ percent: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
