import Foundation

/// The end of a run: the table, the failed runs, the targets of issue 5, the load, as text or Markdown.
struct BenchReport {
    var configuration: BenchConfiguration
    var table: ResultTable
    /// How long the whole run took.
    var seconds: Double
    var loadBefore: String
    var loadAfter: String

    private var checks: [TargetCheck] { TargetCheck.all(table) }
    private var mode: String { configuration.quick ? "quick" : "full" }
    private var timing: String {
        "total \(Int(seconds.rounded())) s; load average at start \(loadBefore), at end \(loadAfter)"
    }

    /// For the terminal.
    func text() -> String {
        var lines = [table.text(), "", "ratio names: \(table.legend())"]
        let failures = table.failureNotes()
        if !failures.isEmpty {
            lines.append("failed runs (not in the medians):")
            lines += failures.map { "  " + $0 }
        }
        lines.append("targets (issue 5):")
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
            "",
            table.markdown(),
            "",
            "Ratio names: \(table.legend()).",
        ]
        let failures = table.failureNotes()
        if !failures.isEmpty {
            lines += ["", "Failed runs (not in the medians):", ""] + failures.map { "- " + $0 }
        }
        lines += ["", "Targets of issue 5:", "", TargetCheck.render(checks, markdown: true), ""]
        return lines.joined(separator: "\n")
    }
}
