import NIOCore
import RESP

/// The load client's view of the cluster: which node serves each slot, learned from `MOVED`,
/// and one connection per node, opened when first needed and shared by the requests in flight
/// (their replies come back in order).
actor LoadRouter {
    /// The address of the master of each slot; `nil` where unknown.
    private var owners: [NodeAddress?]
    private var connections: [NodeAddress: Task<RedisConnection, any Error>] = [:]
    /// Redirections followed so far.
    private(set) var redirects = 0
    /// Seconds a request may wait for its reply once the node starts on it.
    let timeout: Double = 10

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
    func send(_ command: RedisCommand, slot: Int) async -> Reply {
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

    /// The node's connection; requests that need one while it is being opened wait for the same.
    private func connection(to address: NodeAddress) async throws -> RedisConnection {
        if let pending = connections[address] {
            let connection = try await pending.value
            if connection.isOpen { return connection }
            if connections[address] == pending { connections[address] = nil }
        }
        let options = ConnectionOptions(connectTimeout: 2, commandTimeout: timeout)
        let opening = connections[address] ?? Task { try await RedisConnection.connect(to: address, options: options) }
        connections[address] = opening
        return try await opening.value
    }

    private func drop(_ address: NodeAddress) async {
        if let pending = connections.removeValue(forKey: address), let connection = try? await pending.value {
            await connection.close()
        }
    }

    /// Closes every connection.
    func close() async {
        let pending = connections.values
        connections = [:]
        for task in pending {
            if let connection = try? await task.value {
                await connection.close()
            }
        }
    }
}
