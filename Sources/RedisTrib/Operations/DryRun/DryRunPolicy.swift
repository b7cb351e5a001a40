import RESP

/// Decides which commands a dry run sends: those that only read, by the list of
/// ``ReadOnlyCommands`` or by what the node itself says of the command (`COMMAND INFO`).
/// Everything else — unknown commands, and commands the node cannot describe — is held back.
///
/// One policy serves an operator; it remembers each node's answer for each command name.
actor DryRunPolicy {
    private struct Key: Hashable {
        var node: NodeAddress
        var name: String
    }

    /// `nil` records a command the node does not know or could not describe.
    private var known: [Key: CommandFlags?] = [:]

    /// Whether a dry run may send `command` over `connection`.
    func mayRun(_ command: RedisCommand, on connection: RedisConnection) async -> Bool {
        guard !command.arguments.isEmpty else { return false }
        if ReadOnlyCommands.contains(command) { return true }
        return await flags(of: command.name, on: connection)?.onlyReads(command) ?? false
    }

    private func flags(of name: String, on connection: RedisConnection) async -> CommandFlags? {
        let key = Key(node: connection.address, name: name)
        if let cached = known[key] { return cached }
        // A failure (a lost connection, a timeout) holds this command back, and is asked again next time.
        guard let reply = try? await connection.pipeline([RedisCommand("COMMAND", "INFO", name)]).first else { return nil }
        // An error (COMMAND renamed, no permission) or a null entry (an unknown command) holds it back for good.
        let flags = reply.elements?.first.flatMap(CommandFlags.init(entry:))
        known[key] = flags
        return flags
    }
}
