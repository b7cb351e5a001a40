import Foundation
import RedisTrib

extension Sandbox {
    /// The recorded state, or `nil` when no sandbox was started here.
    ///
    /// - Throws: ``TribError`` `.corruptRecord` when `sandbox.json` exists but cannot be read: the
    ///   message names the file and the servers still running in the folder, which would be
    ///   orphaned if the record were taken for "no sandbox".
    public func state() throws(TribError) -> State? {
        guard let data = FileManager.default.contents(atPath: stateFile) else { return nil }
        do {
            return try JSONDecoder().decode(State.self, from: data)
        } catch {
            throw corruptRecord(because: Self.reason(error))
        }
    }

    /// The error for an unreadable record, listing the server processes that run inside the folder.
    func corruptRecord(because reason: String) -> TribError {
        let found = ServerProcess.inside(directory)
        let servers =
            found.isEmpty
            ? "no process runs inside \(directory)"
            : "processes still running inside \(directory): "
                + found.map { "pid \($0.pid) (\($0.commandLine))" }.joined(separator: ", ")
                + "; stop them with kill PID, then remove the folder"
        return TribError(.corruptRecord, "the sandbox record \(stateFile) cannot be read (\(reason)); nothing was stopped or deleted; \(servers)")
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: return context.debugDescription
        case .keyNotFound(let key, _)?: return "no \(key.stringValue)"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
