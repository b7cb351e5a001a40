import Foundation

/// A signal that asks a running operation to stop at its next safe point, and how the process
/// exits after it: 128 plus the signal's number, as shells expect.
enum StopRequest: Int32, CaseIterable, Sendable {
    case interrupt = 2
    case hangUp = 1
    case terminate = 15

    /// The signal's number.
    var signalNumber: Int32 { rawValue }

    /// The exit status after stopping: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
    var exitStatus: Int32 { 128 + rawValue }

    /// How messages name it.
    var name: String {
        switch self {
        case .interrupt: "Ctrl-C"
        case .hangUp: "SIGHUP"
        case .terminate: "SIGTERM"
        }
    }
}
