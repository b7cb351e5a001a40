import RESP

/// Runs redis-trib's operations against clusters: the library's entry point.
///
/// ```swift
/// let trib = ClusterOperator()
/// try await trib.migrateSlots(from: src, to: dst, slots: SlotSet(parsing: "0 2 4-7"))
/// await trib.close()
/// ```
/// Every operation checks what it can before its first change and throws ``TribError`` with the
/// node and the condition when a check fails, leaving the cluster as it was.
public final class ClusterOperator: Sendable {
    /// The options every operation uses.
    public let options: OperationOptions
    let pool: ConnectionPool
    /// The move leases this operator holds (``MoveLease``).
    let leases = LeaseBook()
    /// Which commands a dry run sends, with what each node said of them.
    let dryRunPolicy = DryRunPolicy()

    /// Makes an operator; connections open on first use and stay open until ``close()``.
    public init(options: OperationOptions = OperationOptions()) {
        self.options = options
        self.pool = ConnectionPool(options: options.connection, endpoints: EndpointBook())
    }

    /// Closes every connection.
    public func close() async {
        await pool.closeAll()
    }

    /// A client for one node.
    func client(_ address: NodeAddress) async throws(TribError) -> NodeClient {
        var client = client(address, on: try await pool.connection(to: address))
        client.pool = pool
        return client
    }

    /// A client on a connection of its own, not the pool's, working in `database`: for bulk key
    /// traffic that must not hold up the control commands on the pooled connection, and for the
    /// keys of databases other than 0. The caller closes it.
    func dedicatedClient(_ address: NodeAddress, database: Int) async throws(TribError) -> NodeClient {
        let connection = try await pool.endpoints.open(address, options: pool.options)
        let client = client(address, on: connection)
        if database != 0 {
            do throws(TribError) {
                try await client.send("SELECT", String(database))
            } catch {
                await connection.close()
                throw error
            }
        }
        return client
    }

    /// A client for one node on a given connection, with this operator's dry run and events.
    func client(_ address: NodeAddress, on connection: RedisConnection) -> NodeClient {
        NodeClient(
            address: address, connection: connection, dryRun: options.dryRun, dryRunPolicy: dryRunPolicy, events: options.events,
            endpoints: pool.endpoints
        )
    }

    func report(_ event: OperationEvent) {
        options.events?(event)
    }

    func step(_ text: String) {
        options.events?(.step(text))
    }

    /// Fails with `.cancelled` when the task was cancelled (Ctrl-C), at a point where stopping is safe.
    func checkCancellation() throws(TribError) {
        if Task.isCancelled {
            throw TribError(.cancelled, "stopped at a safe point; slots left open can be finished with `fix`")
        }
    }
}

/// Runs `body` with a new ``ClusterOperator`` made from `options`, and closes the operator on every
/// path, whether `body` returns or throws, as NIO's `executeThenClose` closes a channel.
@discardableResult
public func withOperator<Result, Failure: Error>(
    _ options: OperationOptions = OperationOptions(),
    _ body: (ClusterOperator) async throws(Failure) -> Result
) async throws(Failure) -> Result {
    let trib = ClusterOperator(options: options)
    do {
        let result = try await body(trib)
        await trib.close()
        return result
    } catch {
        await trib.close()
        throw error
    }
}
