import Synchronization

/// Counts what the tasks of one migration do and reports it as ``OperationEvent/progress(_:)``
/// events, at most ten a second, and one ``OperationEvent/migrationFinished(_:)`` at the end.
final class ProgressTracker: Sendable {
    /// The counters, all changed under one lock.
    struct Counters: Sendable {
        var slotsDone = 0
        /// Slots of ``slotsDone`` that were on the target already (``SlotMove/alreadyOnTarget``).
        var slotsInPlace = 0
        var keysMoved = 0
        var keysTotal = 0
        var batches = 0
        var splits = 0
        var busyKeysReplaced = 0
        var atomicMoves = 0
        var keyMoves = 0
        var fallbacks = 0
    }

    let slotsTotal: Int
    private let start = ContinuousClock.now
    private let events: (@Sendable (OperationEvent) -> Void)?
    private let state = Mutex<(counters: Counters, lastReport: ContinuousClock.Instant?)>((Counters(), nil))

    /// A tracker for `slotsTotal` slots; `events` `nil` makes every call cheap.
    init(slotsTotal: Int, events: (@Sendable (OperationEvent) -> Void)?) {
        self.slotsTotal = slotsTotal
        self.events = events
    }

    /// Changes the counters; reports progress when slots finished (at most ten times a second).
    func update(_ change: (inout Counters) -> Void) {
        let report = state.withLock { state -> MigrationProgress? in
            let slotsBefore = state.counters.slotsDone
            change(&state.counters)
            guard events != nil, state.counters.slotsDone != slotsBefore else { return nil }
            let now = ContinuousClock.now
            if let last = state.lastReport, now - last < .milliseconds(100) { return nil }
            state.lastReport = now
            return progress(state.counters, at: now)
        }
        if let report { events?(.progress(report)) }
    }

    /// Reports progress now, whatever changed (the engine calls it twice a second).
    func tick() {
        guard let events else { return }
        let now = ContinuousClock.now
        let report = state.withLock { state in
            state.lastReport = now
            return progress(state.counters, at: now)
        }
        events(.progress(report))
    }

    /// Reports the last progress and the summary, and returns the summary.
    @discardableResult
    func finish(completed: Bool) -> MigrationSummary {
        let now = ContinuousClock.now
        let (counters, report) = state.withLock { state in (state.counters, progress(state.counters, at: now)) }
        let summary = MigrationSummary(
            slots: counters.slotsDone - counters.slotsInPlace, slotsInPlace: counters.slotsInPlace, slotsTotal: slotsTotal,
            keys: counters.keysMoved, elapsed: report.elapsed,
            atomicMoves: counters.atomicMoves, keyMoves: counters.keyMoves, fallbacks: counters.fallbacks,
            batches: counters.batches, splits: counters.splits, busyKeysReplaced: counters.busyKeysReplaced,
            completed: completed
        )
        events?(.progress(report))
        events?(.migrationFinished(summary))
        return summary
    }

    private func progress(_ counters: Counters, at now: ContinuousClock.Instant) -> MigrationProgress {
        let elapsed = now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return MigrationProgress(
            slotsDone: counters.slotsDone, slotsTotal: slotsTotal, keysMoved: counters.keysMoved,
            keysTotal: max(counters.keysTotal, counters.keysMoved), elapsed: seconds
        )
    }
}
