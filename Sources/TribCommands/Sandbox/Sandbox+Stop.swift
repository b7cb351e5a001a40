import Foundation
import RedisTrib

extension Sandbox {
    /// What ``stop()`` did.
    public struct StopReport: Sendable, Hashable {
        /// The servers it stopped.
        public var stopped: [LocalServer]
        /// Recorded servers whose pid now belongs to another process, which was left alone.
        public var notOurs: [LocalServer]
        /// Whether the folder was deleted (only a folder marked as a sandbox's is).
        public var removedFolder: Bool
    }

    /// Stops every recorded node that is still the server it was (checked before any signal),
    /// and deletes the folder if it carries the sandbox's marker.
    ///
    /// - Throws: ``TribError`` `.corruptRecord` when the record cannot be read (nothing is stopped or deleted then).
    public func stop() async throws(TribError) -> StopReport {
        guard let state = try state() else {
            // Nothing recorded: a marked folder is an empty sandbox's; any other is not ours.
            return StopReport(stopped: [], notOurs: [], removedFolder: folder.remove())
        }
        let running = state.nodes.filter(\.isRunning)
        let notOurs = state.nodes.filter { ProcessControl.isAlive($0.pid) && !$0.isThisServer }
        await LocalServerLauncher.stopAll(running)
        return StopReport(stopped: running, notOurs: notOurs, removedFolder: folder.remove())
    }

    /// What ``stop()`` would do, one change a line, for a dry run; nothing is signalled or deleted.
    ///
    /// - Throws: ``TribError`` `.corruptRecord` when the record cannot be read.
    public func stopPlan() throws(TribError) -> [String] {
        let state = try state()
        var lines = (state?.nodes ?? []).filter(\.isRunning).map { "stop \($0.address) (pid \($0.pid))" }
        if folder.isMarked {
            lines.append("delete \(directory)")
        }
        return lines
    }
}
