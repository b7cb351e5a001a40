import Foundation
import NIOCore
import RESP

/// The commands the operations send to one node, with replies checked and failures as ``TribError``.
struct NodeClient: Sendable {
    let address: NodeAddress
    let connection: RedisConnection
    /// In a dry run, only commands that read are sent; the others are reported and answered `OK`.
    let dryRun: Bool
    /// Which commands a dry run sends; the operator's, which remembers what each node said.
    let dryRunPolicy: DryRunPolicy
    var events: (@Sendable (OperationEvent) -> Void)?
    /// Where the host names the node's views announce are noted.
    var endpoints: EndpointBook?
    /// The pool `connection` came from: a read that finds it closed by the node (an idle timeout,
    /// `CLIENT KILL`) is sent again, once, on a new one. `nil` for a connection of its own.
    var pool: ConnectionPool?

    /// Sends a command; an error reply or a failed connection becomes a ``TribError`` naming the node.
    @discardableResult
    func send(_ command: RedisCommand, timeout: Double? = nil) async throws(TribError) -> RESPValue {
        if await holdsBack(command) {
            return Self.heldBackReply
        }
        return try await transmit(readOnly: ReadOnlyCommands.contains(command)) { try await $0.send(command, timeout: timeout) }
    }

    /// Sends a command given as text arguments.
    @discardableResult
    func send(_ arguments: String...) async throws(TribError) -> RESPValue {
        try await send(RedisCommand(arguments))
    }

    /// Sends commands in one round trip; error replies are returned as values. In a dry run, a
    /// command that changes something is not sent and gets `heldBack` as its reply.
    func pipeline(_ commands: [RedisCommand], timeout: Double? = nil, heldBack: RESPValue = NodeClient.heldBackReply) async throws(TribError)
        -> [RESPValue]
    {
        if dryRun, let replies = try await pipelineHoldingBack(commands, timeout: timeout, heldBack: heldBack) {
            return replies
        }
        return try await transmit(readOnly: commands.allSatisfy(ReadOnlyCommands.contains)) { try await $0.pipeline(commands, timeout: timeout) }
    }

    /// Runs `request` on the connection; when the node had closed it and the request only reads,
    /// once more on a new pooled connection (a change is never sent twice). A plain connection closed
    /// before its first reply reads as a hint that the node wants TLS; it may as well have restarted, so it is retried too.
    private func transmit<T>(readOnly: Bool, _ request: (RedisConnection) async throws -> T) async throws(TribError) -> T {
        do {
            return try await request(connection)
        } catch let error as RedisError where (error.kind == .connectionClosed || error.kind == .tls(.mayExpectTLS)) && readOnly && pool != nil {
            guard let pool else { throw TribError(converting: error, node: address) }
            let fresh = try await pool.replace(connection, for: address)
            do {
                return try await request(fresh)
            } catch {
                throw TribError(converting: error, node: address)
            }
        } catch {
            throw TribError(converting: error, node: address)
        }
    }

    /// Sends a `CLUSTER` command and returns its reply; a node without cluster support is named
    /// as such, any other error reply fails naming the command.
    func clusterReply(_ command: RedisCommand) async throws(TribError) -> RESPValue {
        let reply = try await pipeline([command])[0]
        guard reply.isError else { return reply }
        let text = reply.string ?? ""
        if text.contains("cluster support disabled") {
            throw TribError(.preconditionFailed, "\(address) is not cluster-enabled (cluster-enabled no)", node: address)
        }
        throw TribError(.nodeError, "\(command.label) failed: \(text)", node: address)
    }

    /// Sends commands in one round trip and fails on the first error reply, naming the command.
    func pipelineChecked(_ commands: [RedisCommand]) async throws(TribError) -> [RESPValue] {
        let replies = try await pipeline(commands)
        for (command, reply) in zip(commands, replies) where reply.isError {
            throw TribError(.nodeError, "\(command) failed: \(reply.string ?? "")", node: address)
        }
        return replies
    }

    /// `CLUSTER NODES`, parsed.
    func topology() async throws(TribError) -> ClusterTopology {
        try topology(from: try await send("CLUSTER", "NODES"))
    }

    /// A `CLUSTER NODES` reply, parsed.
    func topology(from reply: RESPValue) throws(TribError) -> ClusterTopology {
        guard let text = reply.string else {
            throw TribError(.unexpectedReply, "CLUSTER NODES returned \(reply)", node: address)
        }
        do {
            let topology = try ClusterTopology(parsing: text)
            endpoints?.learn(topology, askedAt: address)
            return topology
        } catch {
            throw TribError(.unexpectedReply, "cannot read CLUSTER NODES: \(error.description)", node: address)
        }
    }

    /// `CLUSTER INFO` as a dictionary (`cluster_state` → `ok`, …).
    func clusterInfo() async throws(TribError) -> [String: String] {
        let reply = try await send("CLUSTER", "INFO")
        return Self.fields(reply.string ?? "")
    }

    /// `INFO section` as a dictionary.
    func info(_ section: String) async throws(TribError) -> [String: String] {
        let reply = try await send("INFO", section)
        return Self.fields(reply.string ?? "")
    }

    /// The number of keys in the node, every database counted (`INFO keyspace`).
    func keyCount() async throws(TribError) -> Int {
        var total = 0
        for (name, value) in try await info("keyspace") where name.hasPrefix("db") {
            guard let field = value.split(separator: ",").first(where: { $0.hasPrefix("keys=") }),
                let count = Int(field.dropFirst(5)), count >= 0
            else {
                throw TribError(.unexpectedReply, "INFO keyspace has '\(name):\(value)', not a key count", node: address)
            }
            total = total.addingReportingOverflow(count).overflow ? Int.max : total + count
        }
        return total
    }

    /// The bytes the node has allocated (`used_memory` of `INFO memory`).
    func usedMemory() async throws(TribError) -> Int {
        try usedMemory(from: try await send("INFO", "memory"))
    }

    /// The `used_memory` count in a reply to `INFO memory`.
    ///
    /// - Throws: ``TribError`` `.nodeError` for an error reply, `.unexpectedReply` when the count is missing.
    func usedMemory(from reply: RESPValue) throws(TribError) -> Int {
        if reply.isError {
            throw TribError(.nodeError, "INFO memory failed: \(reply.string ?? "")", node: address)
        }
        let value = Self.fields(reply.string ?? "")["used_memory"]
        guard let value, let bytes = Int(value), bytes >= 0 else {
            throw TribError(.unexpectedReply, "INFO memory has no used_memory count (\(value ?? "missing"))", node: address)
        }
        return bytes
    }

    /// This node's id.
    func myID() async throws(TribError) -> String {
        let reply = try await clusterReply(RedisCommand("CLUSTER", "MYID"))
        guard let id = reply.string, !id.isEmpty else {
            throw TribError(.unexpectedReply, "CLUSTER MYID returned \(reply)", node: address)
        }
        return id
    }

    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
