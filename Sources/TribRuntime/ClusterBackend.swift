import RESP
import RedisTrib
import TribCommands

/// What the runtime calls to run a redis-trib command: the operations layer, or a fake in tests.
///
/// The runtime checks the arguments against the signature's table first
/// (`CommandArguments(parsing:for:)`), so a backend only ever sees arguments the command accepts.
public protocol ClusterBackend: Sendable {
    /// Runs one command with its checked arguments.
    ///
    /// - Throws: ``TribError`` when the operation refuses or fails; the runtime reports it as an
    ///   `operation-failed` diagnostic at the statement.
    func run(_ signature: CommandSignature, _ arguments: CommandArguments) async throws(TribError) -> CommandOutput

    /// Sends commands to one node, in one pipeline, and returns its replies in order (an error reply
    /// as a value), for the builtins that read a live cluster (`info`, `config`, `call`, …); with
    /// `login`, as that user (and over TLS for `rediss://`).
    func query(_ node: NodeAddress, _ commands: [RedisCommand], login: ConnectionURI?) async throws(TribError) -> [RESPValue]

    /// The `count` biggest keys of a node (``ClusterOperator/bigKeys(on:count:scanLimit:timeLimit:)``), for `big_keys`.
    func bigKeys(on node: NodeAddress, count: Int, login: ConnectionURI?) async throws(TribError) -> BigKeySample
}
