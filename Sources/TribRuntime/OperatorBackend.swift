import RedisTrib

/// The real backend: runs each command on a ``ClusterOperator``, as the command line does.
///
/// One operator serves every command of a session, so its connections are reused; options that
/// the command line reads per command (`--replace`, `--force`, `--keys-per-batch`) are the
/// operator's, not the statement's. Give ``init(operatorFor:)`` a factory to honour them.
public struct OperatorBackend: ClusterBackend {
    private let operatorFor: @Sendable (CommandSignature, CommandArguments) -> ClusterOperator

    /// A backend that runs every command on `trib`.
    public init(_ trib: ClusterOperator) {
        operatorFor = { _, _ in trib }
    }

    /// A backend that asks `operatorFor` which operator runs each command (for per-command options).
    public init(operatorFor: @escaping @Sendable (CommandSignature, CommandArguments) -> ClusterOperator) {
        self.operatorFor = operatorFor
    }

    /// Runs `signature` with `arguments` on the operator.
    ///
    /// - Throws: the operation's ``TribError``.
    public func run(_ signature: CommandSignature, _ arguments: CommandArguments) async throws(TribError)
        -> CommandOutput
    {
        try await signature.run(operatorFor(signature, arguments), arguments)
    }
}
