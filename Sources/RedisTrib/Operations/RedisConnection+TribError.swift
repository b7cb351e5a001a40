import RESP

extension RedisConnection {
    /// Opens a connection, failing with a ``TribError`` that names the node.
    ///
    /// - Throws: ``TribError`` `.nodeError` when the node cannot be reached or refuses the credentials.
    static func open(to address: NodeAddress, options: ConnectionOptions) async throws(TribError) -> RedisConnection {
        do {
            return try await RedisConnection.connect(to: address, options: options)
        } catch {
            throw TribError(converting: error, node: address)
        }
    }
}
