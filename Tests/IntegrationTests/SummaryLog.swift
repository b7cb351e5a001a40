import RedisTrib
import Synchronization
import TribCommands

/// The last migration summary an operator reported.
final class SummaryLog: Sendable {
    private let summaries = Mutex<[MigrationSummary]>([])

    func record(_ event: OperationEvent) {
        if case .migrationFinished(let summary) = event {
            summaries.withLock { $0.append(summary) }
        }
    }

    var last: MigrationSummary? { summaries.withLock { $0.last } }
}
