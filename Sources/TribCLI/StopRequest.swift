import Foundation

/// A signal that asks a running operation to stop at its next safe point; the process then exits
/// with ``ExitStatus/stopped(by:)``.
enum StopRequest: Int32, CaseIterable, Sendable {
    case interrupt = 2
    case hangUp = 1
    case terminate = 15

    /// The signal's number.
    var signalNumber: Int32 { rawValue }

    /// How messages name it.
    var name: String {
        switch self {
        case .interrupt: "Ctrl-C"
        case .hangUp: "SIGHUP"
        case .terminate: "SIGTERM"
        }
    }
}
