import Foundation
import RedisTrib

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

extension LocalServer {
    /// Stops the server (SIGSTOP) for `seconds`, then continues it, timed on a thread of its own: timed
    /// by a task, a loaded machine could stretch the pause past the cluster's node timeout.
    func freeze(for seconds: Double) async throws {
        let server = self
        try await onOwnThread {
            server.signal(SIGSTOP)
            Thread.sleep(forTimeInterval: seconds)
            server.signal(SIGCONT)
        }
    }
}
