import Dispatch
import Foundation
import RedisTrib
import Synchronization

/// Runs an operation so that Ctrl-C, SIGTERM and SIGHUP stop it at its next safe point (the batch
/// in flight finishes, nothing new starts); a second signal ends the process at once, which
/// leaves, like any stop, a state that `fix` or a rerun finishes.
enum CancellableRun {
    /// How the operation ended, and the signal that stopped it, if one did.
    struct Outcome<T: Sendable>: Sendable {
        var result: Result<T, TribError>
        var stoppedBy: StopRequest?

        /// The exit status a stop asks for, or `otherwise` when no signal came.
        func exitStatus(otherwise status: ExitStatus) -> ExitStatus {
            stoppedBy.map(ExitStatus.stopped(by:)) ?? status
        }
    }

    /// Runs `body`; the notice that a signal came is printed by `output`.
    ///
    /// The signals are watched before `body` starts: a signal that came while the watch was being
    /// set up, with `body` already running, would otherwise be ignored and the operation would run
    /// to its end.
    static func run<T: Sendable>(
        output: OutputRenderer,
        _ body: @escaping @Sendable () async throws(TribError) -> T
    ) async -> Outcome<T> {
        let running = Mutex<Task<Result<T, TribError>, Never>?>(nil)
        let received = Mutex<StopRequest?>(nil)
        let sources = StopRequest.allCases.map { request in
            signal(request.signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: request.signalNumber, queue: .global())
            source.setEventHandler {
                let first = received.withLock { stored in
                    defer { stored = stored ?? request }
                    return stored == nil
                }
                guard first else {
                    exit(ExitStatus.stopped(by: request).code)
                }
                output.render(Notice.stopping(request))
                running.withLock { $0 }?.cancel()
            }
            source.resume()
            return source
        }
        let task = Task { () async -> Result<T, TribError> in
            do throws(TribError) {
                return .success(try await body())
            } catch {
                return .failure(error)
            }
        }
        running.withLock { $0 = task }
        // A signal between the task's start and the line above found no task to stop.
        if received.withLock({ $0 }) != nil {
            task.cancel()
        }
        let result = await task.value
        for (request, source) in zip(StopRequest.allCases, sources) {
            source.cancel()
            signal(request.signalNumber, SIG_DFL)
        }
        return Outcome(result: result, stoppedBy: received.withLock { $0 })
    }
}
