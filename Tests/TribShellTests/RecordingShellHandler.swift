import Foundation
import TribShell

/// What a ``RecordingShellHandler`` was asked to complete.
struct CompletionRequest: Equatable {
    let word: String
    let lineBeforeCursor: String
}

/// A ``ShellHandler`` that answers completions from a fixed list and records the requests and reports.
final class RecordingShellHandler: ShellHandler, @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    private let candidates: [String]
    private let lock = NSLock()
    private var recorded: [CompletionRequest] = []
    private var recordedReports: [ShellReport] = []

    init(candidates: [String]) {
        self.candidates = candidates
    }

    /// The completion requests so far.
    var requests: [CompletionRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// The reports so far.
    var reports: [ShellReport] {
        lock.lock()
        defer { lock.unlock() }
        return recordedReports
    }

    var prompt: String { "test> " }

    func handle(_ text: String) async -> ShellAction {
        .keepReading
    }

    func completions(for word: String, lineBeforeCursor: String) -> [String] {
        lock.lock()
        recorded.append(CompletionRequest(word: word, lineBeforeCursor: lineBeforeCursor))
        lock.unlock()
        return candidates.filter { $0.hasPrefix(word) }
    }

    func report(_ report: ShellReport) {
        lock.lock()
        recordedReports.append(report)
        lock.unlock()
    }
}
