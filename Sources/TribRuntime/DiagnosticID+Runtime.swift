import TribLanguage

// The ids the runtime reports besides those TribLanguage already declares (`unknown-variable`,
// `unknown-command`, `type-mismatch`, `invalid-slot`, `invalid-arguments`), plus the parser's
// `integer-overflow` and `invalid-range`, which the runtime reuses for values made at run time.
extension DiagnosticID {
    /// `$n.nmae`: a value of that kind has no such attribute (with a did-you-mean).
    public static let unknownAttribute: DiagnosticID = "unknown-attribute"
    /// A cluster operation refused or failed; the message is the ``TribError``'s, and a note gives its code.
    public static let operationFailed: DiagnosticID = "operation-failed"
    /// `masters()`, `list` … with no cluster named and no `connect` before.
    public static let noDefaultCluster: DiagnosticID = "no-default-cluster"
    /// `x / 0` or `x % 0`.
    public static let divisionByZero: DiagnosticID = "division-by-zero"
    /// `$list[5]` on a shorter list.
    public static let indexOutOfRange: DiagnosticID = "index-out-of-range"
    /// `source FILE` where the file cannot be read.
    public static let cannotReadFile: DiagnosticID = "cannot-read-file"
    /// `source` nested deeper than ``Interpreter/maximumSourceDepth``, such as a file sourcing itself.
    public static let sourceTooDeep: DiagnosticID = "source-too-deep"
    /// The task running the script was cancelled (Ctrl-C); the script stopped between statements.
    public static let cancelled: DiagnosticID = "cancelled"
    /// A list or string that would pass ``Value/maximumElements``, ``Value/maximumTextBytes`` or
    /// ``Value/maximumNesting``, such as one doubled in a loop.
    public static let valueTooLarge: DiagnosticID = "value-too-large"
    /// `assert CONDITION` with a false condition; the message is the assertion's.
    public static let assertionFailed: DiagnosticID = "assertion-failed"
    /// Function calls nested deeper than ``Interpreter/maximumCallDepth``, such as a recursion with no end.
    public static let recursionTooDeep: DiagnosticID = "recursion-too-deep"
    /// `def NAME` where NAME is a builtin's or a command's.
    public static let nameTaken: DiagnosticID = "name-taken"
    /// A warning: `big_keys` stopped at its time or key limit before reading every key, so a bigger
    /// key may be among those it did not read.
    public static let sampleIncomplete: DiagnosticID = "sample-incomplete"
    /// One run of a script passed its limit of loop iterations (``Interpreter/maximumLoopIterations``).
    public static let tooManyIterations: DiagnosticID = "too-many-iterations"
}
