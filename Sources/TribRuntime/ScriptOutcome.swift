import TribLanguage

/// How a run of ``Interpreter/run(_:)`` ended, with its first error: what an exit status is
/// decided from, with no need to read the diagnostics again.
public enum ScriptOutcome: Sendable, Equatable {
    /// No error was reported.
    case succeeded
    /// The script, or a file it sources, does not parse; the first of its parse errors. What did
    /// not parse never ran.
    case malformed(Diagnostic)
    /// A statement failed; the first runtime error (with `--keep-going`, later ones were reported too).
    case failed(Diagnostic)
    /// The script ran `exit STATUS` (0 to 255) before any error.
    case exited(Int32)

    /// Whether no error was reported (an `exit 0` counts as no error).
    public var succeeded: Bool { self == .succeeded || self == .exited(0) }

    /// Whether the script asked to end (`exit`): nothing after it runs, in a pipe or a shell either.
    public var exited: Bool {
        if case .exited = self { return true }
        return false
    }
}
