import Dispatch
import Foundation
import RedisTrib
import TribShell

/// Runs an operation so that Ctrl-C cancels it; the operation stops at its next safe point.
enum CancellableRun {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws(TribError) -> T) async -> Result<T, TribError> {
        let task = Task { () async -> Result<T, TribError> in
            do throws(TribError) {
                return .success(try await body())
            } catch {
                return .failure(error)
            }
        }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            ConsoleStream.error.writeLine("redis-trib: stopping at the next safe point (Ctrl-C again to quit now)")
            if task.isCancelled { exit(130) }
            task.cancel()
        }
        source.resume()
        let result = await task.value
        source.cancel()
        signal(SIGINT, SIG_DFL)
        return result
    }
}
