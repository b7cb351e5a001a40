import TribShell

/// A line redis-trib writes on standard error that is neither a result nor the error that ends the
/// run: a warning, word of what it is doing, or a problem it goes on after.
/// ``OutputRenderer/render(_:)-(Notice)`` prints its text, or with `--json` one object
/// `{"<level>": {"code": …, "message": …}}`.
enum Notice: Sendable, Equatable {
    /// How serious it is; the key of its JSON object.
    enum Level: String, Sendable {
        case error, warning, notice
    }

    /// A password given on the command line (`-a`), where others may read it.
    case passwordOnCommandLine
    /// A signal asked the running operation to stop; it stops at its next safe point.
    case stopping(StopRequest)
    /// Something the interactive shell reports (its history file, a repeated Ctrl-C).
    case shell(ShellReport)

    /// How serious it is.
    var level: Level {
        switch self {
        case .passwordOnCommandLine: .warning
        case .stopping: .notice
        case .shell(let report): report.isError ? .error : .notice
        }
    }

    /// A stable identifier that tests and JSON output match.
    var code: String {
        switch self {
        case .passwordOnCommandLine: "password-on-command-line"
        case .stopping: "stopping"
        case .shell(let report): report.code
        }
    }

    /// One sentence for people.
    var message: String {
        switch self {
        case .passwordOnCommandLine: Self.authWarning
        case .stopping(let request): "\(request.name): stopping at the next safe point (a second signal quits now)"
        case .shell(let report): report.message
        }
    }

    /// The line as printed without `--json`: redis-cli's warning word for word, the others after `redis-trib: `.
    var text: String {
        self == .passwordOnCommandLine ? message : "redis-trib: " + message
    }

    /// redis-cli's warning for a password given on the command line, word for word.
    static let authWarning = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."
}
