import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime

/// How a run of redis-trib ends, decided here and nowhere else, for the command line, scripts,
/// piped input and the shell alike: 0 success, 1 a failed operation or statement, 2 bad usage (of
/// the command line, or a script's first error), 128 plus the number of the signal that stopped it.
/// ``documented`` says so for `help`, and a test holds the README's table to it.
public struct ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The number the process exits with.
    public let code: Int32

    private init(_ code: Int32) {
        self.code = code
    }

    /// Everything went as asked.
    static let success = ExitStatus(0)
    /// An operation refused or failed, or a statement of a script did.
    static let failure = ExitStatus(1)
    /// The command line is malformed (nothing it asked for ran), or a script's first error shows
    /// it is wrong as written (what came before that statement ran).
    static let usage = ExitStatus(2)

    /// Stopped at a safe point by `request`: 128 plus the signal's number, as shells expect.
    static func stopped(by request: StopRequest) -> ExitStatus {
        ExitStatus(128 + request.signalNumber)
    }

    /// The status of a run that ended with `error`: bad usage for a malformed command line or
    /// argument (``TribError/Code/isUsage``), a failure otherwise.
    init(for error: TribError) {
        self = error.code.isUsage ? .usage : .failure
    }

    /// The status of a command that ran to its end: a failure when its answer is one (a `check`
    /// that found an error, ``CommandOutput/isFailure``), success otherwise.
    init(for output: CommandOutput) {
        self = output.isFailure ? .failure : .success
    }

    /// The status of a run of statements: success, or by its first error, bad usage when the
    /// script is wrong as written (it does not parse, an unknown command, arguments a command's
    /// signature refuses), a failure when a statement failed as it ran.
    init(for outcome: ScriptOutcome) {
        switch outcome {
        case .succeeded: self = .success
        case .malformed: self = .usage
        case .exited(let status): self = ExitStatus(status)
        case .failed(let diagnostic): self = Self.usageDiagnostics.contains(diagnostic.id) ? .usage : .failure
        }
    }

    /// The runtime's diagnostics that say a statement is wrong as written, as the command line's
    /// usage errors say of a command line (`invalid-arguments` and `invalid-slot` are what a command's
    /// usage errors become, ``TribError/Code/isUsage``).
    static let usageDiagnostics: Set<DiagnosticID> = [.unknownCommand, .invalidArguments, .invalidSlot]

    /// The statuses and what they mean, in the order `help` and the README list them.
    static let documented: [(status: String, meaning: String)] = [
        ("0", "success"),
        (
            "1",
            "the operation failed, check found an error, fix left a repair undone, set_timeout left a node unset or unsaved, "
                + "or a dry run of import found conflicts (in a script: its first error is a failing statement)"
        ),
        (
            "2",
            "bad usage: a malformed command line, or a script whose first error is one"
                + " (it does not parse, an unknown command, arguments a command refuses)"
        ),
        ("N", "a script, piped input or the shell that ran `exit N` (0 to 255) with no error before it"),
        (
            StopRequest.allCases.map { "\(stopped(by: $0).code)" }.joined(separator: "/"),
            "stopped by " + StopRequest.allCases.map(\.name).joined(separator: "/") + " (128 plus the signal's number)"
        ),
    ]

    public var description: String { "\(code)" }
}
