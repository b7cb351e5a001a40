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
}
