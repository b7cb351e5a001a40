import RESP

/// One open connection per node, shared by the tasks of an operation and closed at its end.
actor ConnectionPool {
    let options: ConnectionOptions
    /// Where each node is reached: shared with the operator's clients, which learn from every view read.
    let endpoints: EndpointBook
    private var connections: [NodeAddress: RedisConnection] = [:]

    init(options: ConnectionOptions, endpoints: EndpointBook) {
        self.options = options
        self.endpoints = endpoints
    }

    /// The pooled connection to `address`, opened on first use.
    ///
    /// - Throws: ``TribError`` `.nodeError` when the node cannot be reached.
    func connection(to address: NodeAddress) async throws(TribError) -> RedisConnection {
        if let existing = connections[address] {
            if existing.isOpen {
                return existing
            }
            // Closed by the node or after a timeout: a new connection, not a dead one.
            connections[address] = nil
        }
        let connection = try await endpoints.open(address, options: options)
        if let raced = connections[address] {
            await connection.close()
            return raced
        }
        connections[address] = connection
        return connection
    }

    /// A new connection to `address` in place of `stale`, which the node closed: the pooled one is
    /// dropped if it is still `stale` (another task may have replaced it already).
    func replace(_ stale: RedisConnection, for address: NodeAddress) async throws(TribError) -> RedisConnection {
        if let pooled = connections[address], pooled === stale {
            connections[address] = nil
            await pooled.close()
        }
        return try await connection(to: address)
    }

    /// Forgets a connection that failed, so the next use opens a new one.
    func discard(_ address: NodeAddress) async {
        if let connection = connections.removeValue(forKey: address) {
            await connection.close()
        }
    }

    /// Closes every connection.
    func closeAll() async {
        let all = connections.values
        connections.removeAll()
        for connection in all {
            await connection.close()
        }
    }
}
