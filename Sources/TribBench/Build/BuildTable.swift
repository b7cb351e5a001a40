import Foundation

/// The build cases summed up: per case, server, cluster size and command, each tool's median (and
/// 90th percentile) seconds, redis-trib's time against redis-cli's, and the growth from the
/// previous size beside the growth of the node count.
struct BuildTable {
    /// One line: one command at one size, both tools.
    struct Row: Equatable {
        var caseID: String
        var caseTitle: String
        var server: String
        var shape: ClusterShape
        /// `nil`: the create, timed until ready.
        var operation: ClusterBuildCase.Operation?
        /// Median seconds per tool; absent when it did not run or every run failed.
        var median: [ClusterBuildCase.Builder: Double] = [:]
        var p90: [ClusterBuildCase.Builder: Double] = [:]
        /// Median seconds until the create's process exited, per tool.
        var exited: [ClusterBuildCase.Builder: Double] = [:]
        var runs: [ClusterBuildCase.Builder: Int] = [:]
        /// This median over the previous size's, per tool; absent at the first size.
        var growth: [ClusterBuildCase.Builder: Double] = [:]
        /// The node count over the previous size's.
        var nodeGrowth: Double?
        var failures: [String] = []

        /// redis-trib's time over redis-cli's: below 1 when redis-trib is faster.
        var tribOverCli: Double? {
            guard let trib = median[.trib], let cli = median[.cli], cli > 0 else { return nil }
            return trib / cli
        }
    }

    var rows: [Row]

    init(_ records: [BuildRecord]) {
        var rows: [Row] = []
        for record in records {
            let index =
                rows.firstIndex {
                    $0.caseID == record.caseID && $0.server == record.server && $0.shape == record.shape && $0.operation == record.operation
                }
                ?? {
                    rows.append(
                        Row(caseID: record.caseID, caseTitle: record.caseTitle, server: record.server, shape: record.shape, operation: record.operation))
                    return rows.count - 1
                }()
            rows[index].median[record.builder] = ResultTable.median(record.seconds)
            rows[index].p90[record.builder] = BuildRunner.percentile(90, of: record.seconds)
            rows[index].exited[record.builder] = ResultTable.median(record.exitSeconds)
            rows[index].runs[record.builder] = record.seconds.count
            rows[index].failures += record.failures.map { "\(record.builder.rawValue): \($0)" }
        }
        for index in rows.indices {
            let row = rows[index]
            guard
                let previous = rows[..<index].last(where: {
                    $0.caseID == row.caseID && $0.server == row.server && $0.operation == row.operation && $0.shape != row.shape
                })
            else { continue }
            rows[index].nodeGrowth = Double(row.shape.nodes) / Double(previous.shape.nodes)
            for builder in ClusterBuildCase.Builder.allCases {
                if let now = row.median[builder], let before = previous.median[builder], before > 0 {
                    rows[index].growth[builder] = now / before
                }
            }
        }
        self.rows = rows
    }

    static let headers = [
        "case", "server", "nodes", "command", "redis-trib median s (p90)", "redis-cli median s (p90)", "trib / cli", "trib growth", "cli growth",
        "nodes growth", "create exited s (trib / cli)", "runs (trib / cli)",
    ]

    private func cells(_ row: Row) -> [String] {
        func time(_ builder: ClusterBuildCase.Builder) -> String {
            guard let median = row.median[builder] else { return row.failures.contains { $0.hasPrefix(builder.rawValue) } ? "failed" : "—" }
            return String(format: "%.3f (%.3f)", median, row.p90[builder] ?? median)
        }
        func ratio(_ value: Double?) -> String {
            value.map { String(format: "%.2f×", $0) } ?? ""
        }
        let exited =
            row.operation == nil
            ? [ClusterBuildCase.Builder.trib, .cli].map { row.exited[$0].map { String(format: "%.2f", $0) } ?? "—" }.joined(separator: " / ") : ""
        return [
            "\(row.caseID): \(row.caseTitle)", row.server, "\(row.shape.nodes) (\(row.shape.label))", row.operation?.title ?? "create, until ready",
            time(.trib), time(.cli), ratio(row.tribOverCli), ratio(row.growth[.trib]), ratio(row.growth[.cli]), ratio(row.nodeGrowth), exited,
            "\(row.runs[.trib] ?? 0) / \(row.runs[.cli] ?? 0)",
        ]
    }

    /// Aligned columns for a terminal.
    func text() -> String {
        let lines = [Self.headers] + rows.map(cells)
        let widths = Self.headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// A GitHub Markdown table.
    func markdown() -> String {
        var lines = ["| " + Self.headers.joined(separator: " | ") + " |", "|" + Self.headers.map { _ in "---" }.joined(separator: "|") + "|"]
        for row in rows {
            lines.append("| " + cells(row).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per failed run.
    func failureNotes() -> [String] {
        rows.flatMap { row in row.failures.map { "\(row.caseID) \(row.server) \(row.shape.label) \(row.operation?.rawValue ?? "create"): \($0)" } }
    }
}
