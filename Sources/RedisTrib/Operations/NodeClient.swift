import Foundation
import NIOCore
import RESP

/// The commands the operations send to one node, with replies checked and failures as ``TribError``.
struct NodeClient: Sendable {
    let address: NodeAddress
    let connection: RedisConnection
    /// In a dry run, only commands that read are sent; the others are reported and answered `OK`.
    var dryRun = false
    /// Which commands a dry run sends; the operator's, which remembers what each node said.
    var dryRunPolicy = DryRunPolicy()
    var events: (@Sendable (OperationEvent) -> Void)?
    /// The pool `connection` came from: a read that finds it closed by the node (an idle timeout,
    /// `CLIENT KILL`) is sent again, once, on a new one. `nil` for a connection of its own.
    var pool: ConnectionPool?

    /// Sends a command; an error reply or a failed connection becomes a ``TribError`` naming the node.
    @discardableResult
    func send(_ command: RedisCommand, timeout: Double? = nil) async throws(TribError) -> RESPValue {
        if await holdsBack(command) {
            return Self.heldBackReply
        }
        let reply = try await transmit([command], timeout: timeout)[0]
        if case .error = reply {
            throw TribError(RedisError(node: address, kind: .server(RedisServerError(message: reply.string ?? ""))))
        }
        return reply
    }

    /// Sends a command given as text arguments.
    @discardableResult
    func send(_ arguments: String...) async throws(TribError) -> RESPValue {
        try await send(RedisCommand(arguments))
    }

    /// Sends commands in one round trip; error replies are returned as values.
    func pipeline(_ commands: [RedisCommand], timeout: Double? = nil) async throws(TribError) -> [RESPValue] {
        if dryRun, let replies = try await pipelineHoldingBack(commands, timeout: timeout) {
            return replies
        }
        return try await transmit(commands, timeout: timeout)
    }

    /// Sends commands on the connection; when the node had closed it and every command only
    /// reads, once more on a new pooled connection (a change is never sent twice).
    private func transmit(_ commands: [RedisCommand], timeout: Double?) async throws(TribError) -> [RESPValue] {
        do {
            return try await connection.pipeline(commands, timeout: timeout)
        } catch let error as RedisError {
            guard error.kind == .connectionClosed, let pool, commands.allSatisfy(ReadOnlyCommands.contains) else {
                throw TribError(error)
            }
            let fresh = try await pool.replace(connection, for: address)
            do {
                return try await fresh.pipeline(commands, timeout: timeout)
            } catch let error as RedisError {
                throw TribError(error)
            } catch {
                throw TribError(.nodeError, String(describing: error), node: address)
            }
        } catch {
            throw TribError(.nodeError, String(describing: error), node: address)
        }
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
            return try ClusterTopology(parsing: text)
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

    /// This node's id.
    func myID() async throws(TribError) -> String {
        let reply = try await pipeline([RedisCommand("CLUSTER", "MYID")])[0]
        if reply.isError {
            let text = reply.string ?? ""
            if text.contains("cluster support disabled") {
                throw TribError(.preconditionFailed, "\(address) is not cluster-enabled (cluster-enabled no)", node: address)
            }
            throw TribError(.nodeError, "CLUSTER MYID failed: \(text)", node: address)
        }
        guard let id = reply.string, !id.isEmpty else {
            throw TribError(.unexpectedReply, "CLUSTER MYID returned \(reply)", node: address)
        }
        return id
    }

    /// Checks that cluster support is on, and says so by name when it is not.
    func requireClusterEnabled() async throws(TribError) {
        let fields = try await info("cluster")
        guard fields["cluster_enabled"] == "1" else {
            throw TribError(.preconditionFailed, "\(address) is not cluster-enabled (cluster-enabled no)", node: address)
        }
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
