import Synchronization

/// What the tasks of one migration share: the operator, the counters, and the signal that tells
/// every task to stop at its next safe point once one of them failed.
struct MigrationContext: Sendable {
    let trib: ClusterOperator
    let tracker: ProgressTracker
    let stopSignal: StopSignal

    var options: OperationOptions { trib.options }

    /// Fails at a safe point: `.cancelled` on Ctrl-C (task cancellation), ``TribError/Code/stopped``
    /// when another task of the migration failed. Slots in the middle of a move stay open.
    func checkStop() throws(TribError) {
        try trib.checkCancellation()
        if stopSignal.isCancelled {
            throw TribError(.cancelled, "stopped at a safe point; slots left open can be finished with `fix`")
        }
        if stopSignal.isRaised {
            throw TribError(.stopped, "stopped because another move failed; slots left open can be finished with `fix`")
        }
    }

    /// Runs `body` for every item, `width` at a time; the first failure raises the stop signal so
    /// the others end at their next safe point. Returns every failure, in the order of the items.
    func forEach<Item: Sendable>(
        _ items: [Item],
        width: Int,
        _ body: @escaping @Sendable (Item) async throws(TribError) -> Void
    ) async -> [TribError] {
        let stopSignal = self.stopSignal
        let failures = await withTaskGroup(of: (Int, TribError?).self) { group in
            var next = 0
            var failures: [(Int, TribError)] = []
            func startNext() {
                guard next < items.count else { return }
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    var failure: TribError?
                    do throws(TribError) {
                        try await body(item)
                    } catch {
                        stopSignal.raise()
                        failure = error
                    }
                    return (index, failure)
                }
            }
            for _ in 0..<max(1, width) {
                startNext()
            }
            for await (index, failure) in group {
                if let failure {
                    failures.append((index, failure))
                }
                if !stopSignal.isRaised {
                    startNext()
                }
            }
            return failures.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return failures
    }
}

/// Raised once, read by many tasks, including those that task cancellation does not reach
/// (the groups preparing ahead run in tasks of their own).
final class StopSignal: Sendable {
    private let state = Mutex((raised: false, cancelled: false))

    /// Whether a task failed or the operation was cancelled.
    var isRaised: Bool {
        state.withLock { $0.raised }
    }

    /// Whether the operation was cancelled (Ctrl-C, SIGTERM, SIGHUP).
    var isCancelled: Bool {
        state.withLock { $0.cancelled }
    }

    /// Tells every task to stop at its next safe point.
    func raise() {
        state.withLock { $0.raised = true }
    }

    /// Tells every task to stop at its next safe point because the operation was cancelled.
    func cancel() {
        state.withLock { $0 = (true, true) }
    }
}

extension TribError.Code {
    /// A task of a migration stopped because another one failed (never the error an operation throws).
    static let stopped = TribError.Code(rawValue: "stopped")
}

extension [TribError] {
    /// One error for the failures of several tasks: the first real one alone, or all of them in one
    /// message with the first one's code and node. Tasks that only stopped because another failed are left out.
    func combined() -> TribError? {
        let real = filter { $0.code != .stopped }
        guard let anyReal = real.first else { return first }
        let failures = real.filter { $0.code != .cancelled }
        guard let lead = failures.first else { return anyReal }
        guard failures.count > 1 else { return lead }
        return TribError(
            lead.code,
            "\(failures.count) failures: " + failures.enumerated().map { "(\($0.offset + 1)) \($0.element.description)" }.joined(separator: "; "),
            node: lead.node,
            underlying: lead.underlying
        )
    }
}
