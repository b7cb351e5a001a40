import RESP

extension NodeClient {
    /// The values of the configuration parameters `names` (`CONFIG GET`, one pipeline), by name; a
    /// parameter the server does not have is left out.
    ///
    /// - Throws: ``TribError`` when the node cannot be reached or refuses `CONFIG` (an ACL).
    func settings(_ names: [String]) async throws(TribError) -> [String: String] {
        Self.settings(from: try await pipelineChecked(names.map { RedisCommand("CONFIG", "GET", $0) }))
    }

    /// The names and values in replies to `CONFIG GET`.
    static func settings(from replies: [RESPValue]) -> [String: String] {
        replies.reduce(into: [:]) { values, reply in values.merge(reply.fields) { _, new in new } }
    }
}
