import Foundation
import RedisTrib
import Synchronization
import TribShell

/// Shows slots moving: a one-line progress bar on stderr when stderr is a terminal (cleared at the
/// end, when the summary line of a run that did not go plainly replaces it: the command's result
/// counts the rest), progress and summary JSON lines on stdout with `--json` (at least one a
/// second, as the engine reports them), and nothing when neither.
final class ProgressRenderer: Sendable {
    enum Mode: Sendable, Hashable {
        case bar
        case json
        case silent
    }

    let mode: Mode
    private let state = Mutex<(barShown: Bool, lastDraw: ContinuousClock.Instant?)>((false, nil))

    /// `terminal`: whether stderr is a terminal the bar may be drawn on.
    init(json: Bool, terminal: Bool) {
        mode = json ? .json : terminal ? .bar : .silent
    }

    /// Shows one event; a step or a dry run's change only clears the bar, so its own line starts clean.
    func handle(_ event: OperationEvent) {
        switch (mode, event) {
        case (.silent, _):
            return
        case (.json, .progress(let progress)):
            guard due(progress, every: .milliseconds(250)) else { return }
            emit(Self.object(for: progress))
        case (.json, .migrationFinished(let summary)):
            emit(Self.object(for: summary))
        case (.bar, .progress(let progress)):
            guard due(progress, every: .milliseconds(100)) else { return }
            state.withLock { $0.barShown = true }
            writeError("\r" + Self.bar(progress, width: Terminal.columns(of: STDERR_FILENO)) + "\u{1B}[K")
        case (.bar, .migrationFinished(let summary)):
            // The command's result counts what a plain run moved; the bar only adds what was unusual.
            state.withLock { $0.barShown = false }
            writeError("\r\u{1B}[K" + (summary.isPlain ? "" : Self.text(for: summary) + "\n"))
        case (.bar, .step), (.bar, .wouldSend), (.bar, .wouldChange):
            let shown = state.withLock { state in
                defer { state.barShown = false }
                return state.barShown
            }
            if shown { writeError("\r\u{1B}[K") }
        case (.json, _), (.bar, _):
            return
        }
    }

    /// Whether enough time passed since the last drawing (the last report of a move always is).
    private func due(_ progress: MigrationProgress, every interval: Duration) -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if progress.fraction < 1, let last = state.lastDraw, now - last < interval { return false }
            state.lastDraw = now
            return true
        }
    }

    private func emit(_ object: [String: Any]) {
        ConsoleStream.output.writeLine(OutputRenderer.jsonLine(object))
    }

    private func writeError(_ text: String) {
        ConsoleStream.error.write(text)
    }

    // MARK: Text

    /// `[=====>     ]  52%  512/1000 slots  104,000/200,000 keys  ETA 0:03  41,900 keys/s`, within
    /// `width` columns: the bar shrinks first (to no bar at all), then the rate goes, then the line is cut.
    static func bar(_ progress: MigrationProgress, width: Int) -> String {
        let fraction = progress.fraction
        var parts = [String(format: "%3d%%", whole((fraction * 100).rounded(.down)))]
        // Keys that move without their slots (import) have no slot count.
        if progress.slotsTotal > 0 {
            parts.append("\(progress.slotsDone)/\(progress.slotsTotal) slots")
        }
        parts.append("\(progress.keysMoved.grouped)/\(progress.keysTotal.grouped) keys")
        if let eta = progress.eta, fraction < 1 {
            parts.append("ETA \(clock(eta))")
        }
        parts.append("\(whole(progress.keysPerSecond.rounded()).grouped) keys/s")
        // One column stays free, so the cursor never wraps to the next line.
        let room = width - 1
        var text = parts.joined(separator: "  ")
        if text.count > room {
            text = parts.dropLast().joined(separator: "  ")
        }
        let cells = min(20, room - text.count - 4)
        guard cells >= 5 else {
            return text.count <= room ? text : String(text.prefix(max(0, room)))
        }
        let filled = whole((fraction * Double(cells)).rounded(.down))
        let bar = String(repeating: "=", count: filled) + (filled < cells ? ">" + String(repeating: " ", count: cells - filled - 1) : "")
        return "[\(bar)]  " + text
    }

    /// `moved 1000 slots and 200,000 keys in 1.3 s (153,846 keys/s)`, the slots found in place, and what was unusual.
    static func text(for summary: MigrationSummary) -> String {
        var text =
            summary.completed
            ? "moved \(summary.slots) slot(s) and \(summary.keys.grouped) key(s)"
            : "stopped after moving \(summary.slots) of \(summary.slotsTotal) slot(s) and \(summary.keys.grouped) key(s)"
        text += String(format: " in %.1f s", summary.elapsed) + " (\(whole(summary.keysPerSecond.rounded()).grouped) keys/s"
        if summary.slotsInPlace > 0 { text += ", \(summary.slotsInPlace) slot(s) already in place" }
        if summary.atomicMoves > 0 { text += ", \(summary.atomicMoves) atomic migration(s)" }
        if summary.fallbacks > 0 { text += ", \(summary.fallbacks) refused atomic migration(s) done key by key" }
        if summary.splits > 0 { text += ", \(summary.splits) batch(es) split after a timeout" }
        if summary.busyKeysReplaced > 0 { text += ", \(summary.busyKeysReplaced) equal key(s) replaced" }
        return text + ")"
    }

    static func clock(_ seconds: Double) -> String {
        let total = whole(seconds.rounded(.up))
        let hours = total / 3600
        let minutes = total % 3600 / 60
        let rest = total % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    /// `value` as an Int, without the trap of `Int(_:)` on a NaN, an infinity or a huge number
    /// (a rate over a near-zero time): those become 0 or are clamped to ±10^15.
    static func whole(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(max(value, -1e15), 1e15))
    }

    // MARK: JSON

    static func object(for progress: MigrationProgress) -> [String: Any] {
        [
            "event": "progress",
            "slots_done": progress.slotsDone,
            "slots_total": progress.slotsTotal,
            "keys_moved": progress.keysMoved,
            "keys_total": progress.keysTotal,
            "fraction": rounded(progress.fraction),
            "elapsed": rounded(progress.elapsed),
            "keys_per_second": rounded(progress.keysPerSecond),
            "eta": progress.eta.map { rounded($0) as Any } ?? NSNull(),
        ]
    }

    static func object(for summary: MigrationSummary) -> [String: Any] {
        [
            "event": "migration_summary",
            "completed": summary.completed,
            "slots": summary.slots,
            "slots_in_place": summary.slotsInPlace,
            "slots_total": summary.slotsTotal,
            "keys": summary.keys,
            "elapsed": rounded(summary.elapsed),
            "keys_per_second": rounded(summary.keysPerSecond),
            "atomic_moves": summary.atomicMoves,
            "key_moves": summary.keyMoves,
            "fallbacks": summary.fallbacks,
            "batches": summary.batches,
            "splits": summary.splits,
            "busy_keys_replaced": summary.busyKeysReplaced,
        ]
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
