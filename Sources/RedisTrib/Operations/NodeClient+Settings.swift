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
        var values: [String: String] = [:]
        for reply in replies {
            // A flat list of name, value pairs.
            let elements = reply.elements ?? []
            for pair in stride(from: 0, to: elements.count - 1, by: 2) {
                if let name = elements[pair].string, let value = elements[pair + 1].string {
                    values[name] = value
                }
            }
        }
        return values
    }
}
