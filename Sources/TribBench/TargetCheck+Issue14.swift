import Foundation

extension TargetCheck {
    /// The targets of issue 14 whose rows ran: creates and joins ready in time, the clients' p99
    /// latency during the 1000-slot move, and `check` at every size against redis-cli's.
    static func issue14(_ table: ResultTable, _ builds: BuildTable) -> [TargetCheck] {
        var checks: [TargetCheck] = []
        let createLimits = [
            ClusterShape(masters: 3, replicasPerMaster: 0): 1.0, ClusterShape(masters: 6, replicasPerMaster: 0): 1.0,
            ClusterShape(masters: 3, replicasPerMaster: 1): 1.5,
        ]
        for row in builds.rows where row.caseID == "F" && row.operation == nil {
            guard let limit = createLimits[row.shape], let trib = row.median[.trib] else { continue }
            checks.append(
                TargetCheck(
                    target: "F \(row.server): create \(row.shape.label) ready ≤ \(limit) s",
                    measured: String(format: "%.2f s", trib) + (row.median[.cli].map { String(format: " (redis-cli %.2f s)", $0) } ?? "")
                        + (trib > limit ? String(format: " — missed by %.0f%%", (trib / limit - 1) * 100) : ""),
                    met: trib <= limit))
        }
        for row in builds.rows where row.operation == .check && row.caseID != "S" {
            guard let ratio = row.tribOverCli else { continue }
            var measured = String(format: "%.2f× redis-cli's time", ratio)
            var met = ratio <= 0.5
            if let growth = row.growth[.trib], let nodes = row.nodeGrowth {
                measured += String(format: "; grew %.2f× for %.2f× the nodes", growth, nodes)
                met = met && growth <= nodes
            }
            checks.append(
                TargetCheck(
                    target: "\(row.caseID) \(row.server): check of \(row.shape.nodes) nodes ≤ 0.5× redis-cli's, growing no faster than the nodes",
                    measured: measured, met: met))
        }
        let servers = table.rows.reduce(into: [String]()) { if !$0.contains($1.subject.server) { $0.append($1.subject.server) } }
        for server in servers {
            if let join = table.row("C", server: server, tool: .tribJoin(parallel: nil)), let ready = join.readySeconds {
                checks.append(
                    TargetCheck(
                        target: "C \(server): join 3 -> 4 with \(join.subject.caseTitle.components(separatedBy: ", ").last ?? "its keys") ready ≤ 2.0 s",
                        measured: String(format: "%.2f s", ready) + (ready > 2 ? String(format: " — missed by %.0f%%", (ready / 2 - 1) * 100) : ""),
                        met: ready <= 2))
            }
            guard let cli = table.row("A", server: server, tool: .redisCliReshard(pipeline: 1000)),
                let cliP99 = cli.load.flatMap({ LoadLatency.p99($0.moving) }),
                let cliSeconds = cli.medianSeconds
            else { continue }
            for tool in [BenchTool.tribMigrate(.keys), .tribMigrate(.automatic), .tribMigrate(.dump)] {
                guard let row = table.row("A", server: server, tool: tool), let p99 = row.load.flatMap({ LoadLatency.p99($0.moving) }),
                    let seconds = row.medianSeconds
                else { continue }
                let met = p99 <= cliP99 / 2 && seconds <= cliSeconds
                checks.append(
                    TargetCheck(
                        target: "A \(server): \(tool.label): client p99 on the moving slots ≤ half of cli-p1000's, move no longer",
                        measured: String(format: "p99 %.2f ms against %.2f ms (%.2f×); %.2f s against %.2f s", p99, cliP99, p99 / cliP99, seconds, cliSeconds),
                        met: met))
            }
        }
        return checks
    }
}
