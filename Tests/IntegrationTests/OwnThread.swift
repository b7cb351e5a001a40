import Foundation

/// Runs `work`, which blocks (waiting for a child process, reading a pipe to its end), on a thread of
/// its own and awaits its result.
///
/// Blocked there, a thread of the concurrency pool (two on a 2-core machine) would stall every other
/// test's tasks, and with them their deadlines: a server's start, a watched tool's next line.
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Swift.Result { try work() })
        }
    }
}
