import Foundation

/// The end of a run: the tables, the failed runs, the targets of issues 5 and 14, the load, as text or Markdown.
struct BenchReport {
    var configuration: BenchConfiguration
    var table: ResultTable
    var buildTable: BuildTable
    /// How long the whole run took.
    var seconds: Double
    var loadBefore: String
    var loadAfter: String

    private var checks: [TargetCheck] { TargetCheck.all(table) + TargetCheck.issue14(table, buildTable) }
    private var mode: String { configuration.quick ? "quick" : "full" }
    private var timing: String {
        "total \(Int(seconds.rounded())) s; load average at start \(loadBefore), at end \(loadAfter)"
    }

    /// For the terminal.
    func text() -> String {
        var lines = table.rows.isEmpty ? [] : [table.text(), "", "ratio names: \(table.legend())"]
        let failures = table.failureNotes()
        if !failures.isEmpty {
            lines.append("failed runs (not in the medians):")
            lines += failures.map { "  " + $0 }
        }
        if !buildTable.rows.isEmpty {
            lines += ["", buildTable.text()]
            let buildFailures = buildTable.failureNotes()
            if !buildFailures.isEmpty {
                lines.append("failed build runs:")
                lines += buildFailures.map { "  " + $0 }
            }
        }
        lines.append("targets (issues 5 and 14):")
        lines.append(TargetCheck.render(checks, markdown: false))
        lines.append("mode \(mode); \(timing)")
        return lines.joined(separator: "\n")
    }

    /// For docs/PERFORMANCE.md.
    func markdown() -> String {
        var lines = [
            "<!-- redis-trib-bench, \(mode) mode, \(Date()) -->",
            MachineDescription.summary(configuration),
            "",
            "Mode: \(mode); \(timing).",
        ]
        if !table.rows.isEmpty {
            lines += ["", table.markdown(), "", "Ratio names: \(table.legend())."]
        }
        let failures = table.failureNotes()
        if !failures.isEmpty {
            lines += ["", "Failed runs (not in the medians):", ""] + failures.map { "- " + $0 }
        }
        if !buildTable.rows.isEmpty {
            lines += ["", buildTable.markdown()]
            let buildFailures = buildTable.failureNotes()
            if !buildFailures.isEmpty {
                lines += ["", "Failed build runs:", ""] + buildFailures.map { "- " + $0 }
            }
        }
        lines += ["", "Targets of issues 5 and 14:", "", TargetCheck.render(checks, markdown: true), ""]
        return lines.joined(separator: "\n")
    }
}
