import Foundation
import RedisTrib

/// One target of issue 5, checked against the medians of this run.
struct TargetCheck {
    var target: String
    /// What was measured, in words.
    var measured: String
    /// `nil` when it could not be measured in this run (the reason is in `measured`).
    var met: Bool?

    /// Every target whose rows ran.
    static func all(_ table: ResultTable) -> [TargetCheck] {
        var checks: [TargetCheck?] = []
        let servers = table.rows.reduce(into: [String]()) { if !$0.contains($1.subject.server) { $0.append($1.subject.server) } }
        for server in servers {
            // The key-by-key targets need runs that moved keys; the atomic target takes a run that chose atomic migration by itself.
            let trib = keyByKey(table, "A", server)
            checks.append(
                ratio(
                    "A \(server): redis-trib key by key ≥ 1.5× redis-cli --cluster-pipeline 1000", trib,
                    table.row("A", server: server, tool: .redisCliReshard(pipeline: 1000)), needed: 1.5))
            checks.append(
                ratio(
                    "A \(server): redis-trib key by key ≥ 4× redis-cli default", trib, table.row("A", server: server, tool: .redisCliReshard(pipeline: nil)),
                    needed: 4))
            checks.append(
                ratio(
                    "B \(server): redis-trib key by key ≥ 1.2× redis-cli --cluster-pipeline 1000", keyByKey(table, "B", server),
                    table.row("B", server: server, tool: .redisCliReshard(pipeline: 1000)), needed: 1.2))
            let atomic =
                table.row("A", server: server, tool: .tribMigrate(.atomic))
                ?? table.row("A", server: server, tool: .tribMigrate(.automatic)).flatMap { $0.usedAtomicMigration ? $0 : nil }
            checks.append(
                ratio(
                    "A \(server): redis-trib atomic ≥ 0.9× CLUSTER MIGRATESLOTS driven directly", atomic,
                    table.row("A", server: server, tool: .serverSideMigrateSlots), needed: 0.9))
            for caseID in ["A", "B"] {
                if keyByKey(table, caseID, server) == nil, let chose = table.row(caseID, server: server, tool: .tribMigrate(.automatic)),
                    chose.usedAtomicMigration
                {
                    checks.append(
                        TargetCheck(
                            target: "\(caseID) \(server): redis-trib key by key",
                            measured: "not measured: redis-trib chose atomic migration and has no --no-atomic to force MIGRATE",
                            met: nil
                        ))
                }
            }
            let join = table.row("C", server: server, tool: .tribJoin(parallel: nil))
            let serialJoin = table.row("C", server: server, tool: .tribJoin(parallel: 1))
            if var check = ratio("C \(server): join parallel ≥ 1.5× join --parallel 1", join, serialJoin, needed: 1.5) {
                // The wall time includes the new node's wait for cluster_state:ok, which no --parallel changes.
                if let moving = join?.movingSeconds, let serialMoving = serialJoin?.movingSeconds, moving > 0 {
                    check.measured += String(format: "; moving slots only: %.2f× (%.2f s against %.2f s)", serialMoving / moving, moving, serialMoving)
                }
                checks.append(check)
            }
            if let memory = table.row("D", server: server, tool: .tribMigrate(.automatic)), let peakKiB = memory.peakKiB {
                let mebibytes = Double(peakKiB) / 1024
                let met = mebibytes < 64
                checks.append(
                    TargetCheck(
                        target: "D \(server): redis-trib peak RSS < 64 MiB moving \(memory.medianKeys.grouped) keys",
                        measured: String(format: "%.1f MiB", mebibytes) + (met ? "" : String(format: ", %.1f MiB over", mebibytes - 64)),
                        met: met
                    ))
            }
        }
        return checks.compactMap { $0 }
    }

    private static func keyByKey(_ table: ResultTable, _ caseID: String, _ server: String) -> ResultTable.Row? {
        (table.row(caseID, server: server, tool: .tribMigrate(.keys)) ?? table.row(caseID, server: server, tool: .tribMigrate(.automatic)))
            .flatMap { $0.usedAtomicMigration ? nil : $0 }
    }

    /// The check, or `nil` when a row it needs did not run.
    private static func ratio(_ target: String, _ mine: ResultTable.Row?, _ other: ResultTable.Row?, needed: Double) -> TargetCheck? {
        guard let mine = mine?.medianSeconds, let other = other?.medianSeconds else {
            return nil
        }
        let achieved = other / mine
        let met = achieved >= needed
        var measured = String(format: "%.2f×", achieved)
        if !met {
            measured += String(format: " — missed by %.0f%% (needs %.2f s, took %.2f s)", (1 - achieved / needed) * 100, other / needed, mine)
        }
        return TargetCheck(target: target, measured: measured, met: met)
    }

    /// One line per check.
    static func render(_ checks: [TargetCheck], markdown: Bool) -> String {
        checks.map { check in
            let verdict = check.met.map { $0 ? "met" : "MISSED" } ?? "not measured"
            return markdown ? "- \(check.target): **\(verdict)**, \(check.measured)" : "  [\(verdict)] \(check.target): \(check.measured)"
        }.joined(separator: "\n")
    }
}
