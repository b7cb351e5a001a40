import Synchronization
import TribLanguage

/// The first error a run of statements reported, kept for its exit status
/// (``ExitStatus/init(forFirstError:in:)``).
///
/// The interpreter reports its diagnostics as events to the ``EventPrinter`` its operator cache
/// made; a runner binds one of these to ``current`` around the task that runs the statements, and
/// the printer notes every error in it.
final class FirstScriptError: Sendable {
    /// The record of the statements running on this task, if a runner wants one.
    @TaskLocal static var current: FirstScriptError?

    private let first = Mutex<(diagnostic: Diagnostic, file: SourceFile)?>(nil)

    /// Keeps `diagnostic` if it is the first error.
    func note(_ diagnostic: Diagnostic, in file: SourceFile) {
        guard diagnostic.severity == .error else { return }
        first.withLock { first in
            if first == nil { first = (diagnostic, file) }
        }
    }

    /// The exit status of a run that failed: from its first error, or ``ExitStatus/failure`` when
    /// it reported none.
    var exitStatus: ExitStatus {
        guard let (diagnostic, file) = first.withLock({ $0 }) else { return .failure }
        return ExitStatus(forFirstError: diagnostic, in: file)
    }
}
