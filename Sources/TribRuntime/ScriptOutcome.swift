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

    /// Whether no error was reported.
    public var succeeded: Bool { self == .succeeded }
}
