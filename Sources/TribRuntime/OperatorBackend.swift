import RESP
import RedisTrib
import TribCommands

/// The real backend: runs each command on a ``ClusterOperator``, as the command line does.
///
/// A factory picks the operator for each command, so options that the command line reads per
/// command (`--replace`, `--force`, `--keys-per-batch`) are honoured; it may hand out one
/// operator for every command of a session, so that its connections are reused.
public struct OperatorBackend: ClusterBackend {
    private let operatorFor: @Sendable (CommandSignature, CommandArguments) throws(TribError) -> ClusterOperator

    /// A backend that asks `operatorFor` which operator runs each command (for per-command options);
    /// what it throws (options that cannot be set up) fails the command.
    public init(operatorFor: @escaping @Sendable (CommandSignature, CommandArguments) throws(TribError) -> ClusterOperator) {
        self.operatorFor = operatorFor
    }

    /// Runs `signature` with `arguments` on the operator.
    ///
    /// - Throws: the operation's ``TribError``.
    public func run(_ signature: CommandSignature, _ arguments: CommandArguments) async throws(TribError)
        -> CommandOutput
    {
        try await signature.run(try operatorFor(signature, arguments), arguments)
    }

    /// Sends `commands` to `node` on the operator `execute` would run on there.
    public func query(_ node: NodeAddress, _ commands: [RedisCommand], login: ConnectionURI?) async throws(TribError) -> [RESPValue] {
        try await reading(node, login: login).query(node, commands)
    }

    /// The biggest keys of `node`, on the operator `execute` would run on there.
    public func bigKeys(on node: NodeAddress, count: Int, login: ConnectionURI?) async throws(TribError) -> BigKeySample {
        try await reading(node, login: login).bigKeys(on: node, count: count)
    }

    /// The operator that reads `node` for the exploring builtins: the one `execute` gets there.
    private func reading(_ node: NodeAddress, login: ConnectionURI?) throws(TribError) -> ClusterOperator {
        guard let signature = CommandCatalog.command(named: "execute") else {
            throw TribError(.invalidArgument, "the command table has no `execute` command")
        }
        var arguments = try CommandArguments(parsing: [node.description, "PING"], for: signature)
        arguments.login = login
        return try operatorFor(signature, arguments)
    }
}
