import Foundation
import RESP
import RedisTrib

extension Sandbox {
    /// `sandbox start|status|stop`: runs the action the arguments name; in a dry run, `start` and
    /// `stop` report what they would do as ``OperationEvent/wouldChange(_:)`` and do nothing.
    ///
    /// - Throws: what ``start(count:replicas:server:options:)``, ``stop()`` or ``state()`` throw.
    func run(_ arguments: CommandArguments, on trib: ClusterOperator) async throws(TribError) -> CommandOutput {
        let dryRun = trib.options.dryRun
        switch try arguments[CommandCatalog.sandboxAction] {
        case "start":
            let count = (try? arguments[CommandCatalog.sandboxNodeCount]) ?? 6
            let replicas = arguments[CommandCatalog.sandboxReplicas] ?? 1
            let server = arguments[CommandCatalog.sandboxServer]
            if dryRun {
                let plan = try startPlan(count: count, replicas: replicas, server: server)
                trib.options.events?(.wouldChange(plan))
                return .done(plan)
            }
            let state = try await start(count: count, replicas: replicas, server: server, options: trib.options)
            return .done(Self.startedText(state.nodes.map(\.address), in: directory))
        case "stop":
            if dryRun {
                let plan = try stopPlan()
                plan.forEach { trib.options.events?(.wouldChange($0)) }
                return .done(plan.isEmpty ? "nothing to stop in \(directory)" : plan.joined(separator: "\n"))
            }
            let report = try await stop()
            var lines = ["stopped \(report.stopped.count) sandbox node(s)"]
            lines += report.notOurs.map { "left pid \($0.pid) alone: it is no longer the server \($0.address)" }
            if !report.removedFolder, FileManager.default.fileExists(atPath: directory) {
                lines.append("kept \(directory): it is not marked as a redis-trib sandbox folder")
            }
            return .done(lines.joined(separator: "\n"))
        default:
            guard let state = try state() else {
                return .done("no sandbox in \(directory)")
            }
            let lines = state.nodes.map { "\($0.address)  pid \($0.pid)  \($0.isRunning ? "running" : "stopped")" }
            return .done((["sandbox in \(directory) (\(state.server)):"] + lines).joined(separator: "\n"))
        }
    }

    /// What `sandbox start` did: the nodes it started, masters first, and their folder.
    static func startedText(_ nodes: [NodeAddress], in directory: String) -> String {
        "sandbox of \(nodes.count) nodes in \(directory): " + nodes.map(\.description).joined(separator: " ")
    }
}
