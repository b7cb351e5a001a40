import NIOCore
import RESP

/// The load client's view of the cluster: which node serves each slot, learned from `MOVED`,
/// and one connection per node, opened when first needed.
struct LoadRouter {
    /// The address of the master of each slot; `nil` where unknown.
    var owners: [NodeAddress?]
    private var connections: [NodeAddress: RedisConnection] = [:]
    /// Redirections followed so far.
    private(set) var redirects = 0
    /// Seconds a request may wait for its reply once the node starts on it.
    var timeout: Double = 10

    init(owners: [NodeAddress?]) {
        self.owners = owners
    }

    /// The outcome of one request.
    enum Reply: Sendable {
        case value(RESPValue)
        /// The kind of failure: the first word of an error reply, or a connection failure's code.
        case failed(String)
    }

    /// Sends `command` for a key of `slot`, following `MOVED` (updating the map) and `ASK` (with
    /// `ASKING` before the command, on the same connection), at most five times.
    mutating func send(_ command: RedisCommand, slot: Int) async -> Reply {
        guard var target = owners[slot] else { return .failed("no-owner") }
        var asking = false
        for _ in 0..<5 {
            let replies: [RESPValue]
            do {
                let connection = try await connection(to: target)
                replies = try await connection.pipeline(asking ? [RedisCommand(["ASKING"]), command] : [command], timeout: timeout)
            } catch {
                await drop(target)
                return .failed((error as? RedisError)?.code ?? "connection")
            }
            guard let reply = replies.last else { return .failed("no-reply") }
            guard case .error = reply else { return .value(reply) }
            let message = reply.string ?? ""
            switch LoadRedirect.parse(message) {
            case .moved(let movedSlot, let address):
                owners[movedSlot] = address
                target = address
                asking = false
            case .ask(_, let address):
                target = address
                asking = true
            case nil:
                return .failed(LoadRedirect.errorKind(message))
            }
            redirects += 1
        }
        return .failed("redirect-loop")
    }

    private mutating func connection(to address: NodeAddress) async throws -> RedisConnection {
        if let open = connections[address], open.isOpen { return open }
        let connection = try await RedisConnection.connect(to: address, options: ConnectionOptions(connectTimeout: 2, commandTimeout: timeout))
        connections[address] = connection
        return connection
    }

    private mutating func drop(_ address: NodeAddress) async {
        await connections.removeValue(forKey: address)?.close()
    }

    /// Closes every connection.
    mutating func close() async {
        for connection in connections.values {
            await connection.close()
        }
        connections = [:]
    }
}
