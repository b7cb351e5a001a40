import Foundation
import RedisTrib

/// The measured runs summed up per case, server and tool: medians, rates, ratios and peak memory,
/// rendered as aligned text or as a Markdown table.
struct ResultTable {
    /// One line of the table.
    struct Row {
        var subject: CaseTool
        var runs = 0
        var failures: [String] = []
        /// `nil` when no run succeeded.
        var medianSeconds: Double?
        /// Median seconds redis-trib reported moving slots; `nil` for the other tools.
        var movingSeconds: Double?
        var medianKeys = 0
        /// The highest of the runs; `nil` when not measured.
        var peakKiB: Int?
        /// Medians of the CPU seconds of the tool and of all nodes during the runs; `nil` when not measured.
        var toolCPU: Double?
        var serverCPU: Double?
        /// Other tools of the same case and server, and how many times faster this one is than each.
        var speedups: [(tool: BenchTool, ratio: Double)] = []
        var skipReason: String?
        /// Whether some run had the server move the slots itself.
        var usedAtomicMigration = false
        /// Median seconds from the start until the cluster was ready; `nil` where not measured.
        var readySeconds: Double?
        /// The load client's measurements of every run that passed, together; `nil` without a load client.
        var load: LoadLatency?

        var keysPerSecond: Double? {
            medianSeconds.map { Double(medianKeys) / max($0, 1e-9) }
        }

        func sameGroup(as other: Row) -> Bool {
            subject.caseID == other.subject.caseID && subject.server == other.subject.server
        }
    }

    var rows: [Row]

    /// Groups `records` and `skipped` into rows, in the order of `cases` and of their tools.
    init(cases: [BenchCase], records: [RunRecord], skipped: [SkippedTool]) {
        let reasons = Dictionary(skipped.map { ($0.subject, $0.reason) }) { first, _ in first }
        let measured = Set(records.map(\.subject))
        var rows: [Row] = []
        for benchCase in cases {
            for tool in benchCase.tools {
                let subject = CaseTool(benchCase, tool)
                guard measured.contains(subject) || reasons[subject] != nil else { continue }
                let mine = records.filter { $0.subject == subject }
                let good = mine.filter { $0.failure == nil }
                rows.append(
                    Row(
                        subject: subject,
                        runs: mine.count,
                        failures: mine.compactMap(\.failure),
                        medianSeconds: Self.median(good.map(\.wallSeconds)),
                        movingSeconds: Self.median(good.compactMap(\.movingSeconds)),
                        medianKeys: Int(Self.median(good.map { Double($0.keysMoved) }) ?? 0),
                        peakKiB: good.compactMap(\.peakKiB).max(),
                        toolCPU: Self.median(good.compactMap(\.cpuSeconds)),
                        serverCPU: Self.median(good.compactMap(\.serverCPUSeconds)),
                        skipReason: reasons[subject],
                        usedAtomicMigration: good.contains(where: \.usedAtomicMigration),
                        readySeconds: Self.median(good.compactMap(\.readySeconds)),
                        load: Self.merged(good.compactMap(\.load))
                    ))
            }
        }
        for position in rows.indices {
            guard let mine = rows[position].medianSeconds else { continue }
            rows[position].speedups = rows.filter { $0.sameGroup(as: rows[position]) && $0.subject != rows[position].subject }.compactMap { other in
                other.medianSeconds.map { (other.subject.tool, $0 / mine) }
            }
        }
        self.rows = rows
    }

    /// The row of one tool, if it ran.
    func row(_ caseID: String, server: String, tool: BenchTool) -> Row? {
        rows.first { $0.subject.caseID == caseID && $0.subject.server == server && $0.subject.tool == tool && $0.medianSeconds != nil }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The load client's runs as one; `nil` for none.
    static func merged(_ loads: [LoadLatency]) -> LoadLatency? {
        guard var total = loads.first else { return nil }
        for more in loads.dropFirst() {
            total.merge(more)
        }
        return total
    }

    static let headers = [
        "case", "server", "tool", "runs", "median s", "of which moving s", "ready s", "keys moved", "keys/s", "speed vs the others (their time / this time)",
        "client ms, moved slots: p50 / p99 / max", "client ms, other slots: p50 / p99 / max", "client errors", "peak RSS", "tool CPU s", "servers CPU s",
    ]

    private func cells(_ row: Row) -> [String] {
        let tool = row.subject.tool
        let atomic = row.usedAtomicMigration && tool != .serverSideMigrateSlots && tool != .tribMigrate(.atomic)
        let head = ["\(row.subject.caseID): \(row.subject.caseTitle)", row.subject.server, tool.label + (atomic ? " (chose atomic)" : "")]
        if let reason = row.skipReason, row.runs == 0 {
            return head + ["0", "skipped", "", "", "", "", reason, "", "", "", "", "", ""]
        }
        guard let seconds = row.medianSeconds, let rate = row.keysPerSecond else {
            return head + ["\(row.runs)", "failed", "", "", "", "", row.failures.first ?? "", "", "", "", "", "", ""]
        }
        let ratios = row.speedups.map { String(format: "%.2f× %@", $0.ratio, $0.tool.shortLabel) }.joined(separator: ", ")
        let failed = row.failures.isEmpty ? "" : " (\(row.failures.count) failed)"
        return head + [
            "\(row.runs)\(failed)",
            String(format: "%.2f", seconds),
            row.movingSeconds.map { String(format: "%.2f", $0) } ?? "",
            row.readySeconds.map { String(format: "%.2f", $0) } ?? "",
            row.medianKeys.grouped,
            Int(rate.rounded()).grouped,
            ratios.isEmpty ? "—" : ratios,
            row.load.map { LoadLatency.describe($0.moving) } ?? "",
            row.load.map { LoadLatency.describe($0.other) } ?? "",
            row.load?.errorSummary ?? "",
            row.peakKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a",
            row.toolCPU.map { String(format: "%.2f", $0) } ?? "n/a",
            row.serverCPU.map { String(format: "%.2f", $0) } ?? "n/a",
        ]
    }

    /// Aligned columns for a terminal.
    func text() -> String {
        let lines = [Self.headers] + rows.map(cells)
        let widths = Self.headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// A GitHub Markdown table.
    func markdown() -> String {
        var lines = ["| " + Self.headers.joined(separator: " | ") + " |"]
        lines.append("|" + Self.headers.map { _ in "---" }.joined(separator: "|") + "|")
        for row in rows {
            lines.append("| " + cells(row).map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per failed run: which, and why; empty when every run passed its checks.
    func failureNotes() -> [String] {
        rows.flatMap { row in
            row.failures.map { "\(row.subject.caseID) \(row.subject.server) \(row.subject.tool.label): \($0)" }
        }
    }

    /// What each short name in the ratio column stands for.
    func legend() -> String {
        var seen: [String: String] = [:]
        for row in rows { seen[row.subject.tool.shortLabel] = row.subject.tool.label }
        return seen.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "; ")
    }
}
