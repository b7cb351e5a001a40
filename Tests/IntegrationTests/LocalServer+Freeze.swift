import Foundation
import RedisTrib
import TribCommands

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
