import NIOCore
import RESP

/// A node's reply to ``ClusterOperator/execute(cluster:on:command:)``, or why there is none.
public struct NodeReply: Sendable {
    /// The node.
    public var node: ClusterNode
    /// Its reply, or the error.
    public var result: Result<RESPValue, TribError>

    /// The reply shown for a command a dry run did not send.
    public static let notSent = RESPValue.simpleString(ByteBuffer(string: "(not sent: dry run)"))
}

/// Which nodes a command runs on.
public enum NodeSelection: String, Sendable, CaseIterable {
    case all, masters, replicas
}

extension ClusterOperator {
    /// `list` (`list_nodes`): every node of the cluster, and the one asked.
    ///
    /// A node that does not know its own address is given the address it was reached at, like the Python `default_host`.
    public func listNodes(_ node: NodeAddress) async throws(TribError) -> (nodes: [ClusterNode], myself: ClusterNode) {
        let snapshot = try await snapshot(of: node)
        let nodes = snapshot.topology.nodes.map { candidate -> ClusterNode in
            var candidate = candidate
            if candidate.address == nil, !candidate.flags.contains(.noAddress), let busPort = candidate.busPort, busPort > 10000 {
                candidate.address = NodeAddress(host: options.defaultHost, port: busPort - 10000)
            }
            return candidate
        }
        return (nodes, nodes.first(where: \.isMyself) ?? snapshot.myself)
    }

    /// `masters` (`list_masters`): the masters of the cluster, and the one asked.
    public func listMasters(_ node: NodeAddress) async throws(TribError) -> (masters: [ClusterNode], myself: ClusterNode) {
        let (nodes, myself) = try await listNodes(node)
        return (nodes.filter(\.isMaster), myself)
    }

    /// Sends commands to one node in one pipeline and returns its replies in order, an error reply
    /// as a value; a dry run sends only those that read (the others are answered
    /// ``NodeReply/notSent`` and reported as ``OperationEvent/wouldSend(node:command:)``).
    public func query(_ node: NodeAddress, _ commands: [RedisCommand]) async throws(TribError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        return try await client(node).pipeline(commands, heldBack: NodeReply.notSent)
    }

    /// `execute`: runs a command on every live node of the cluster (or its masters, or replicas)
    /// in parallel; each node's reply or error is returned, in address order.
    public func execute(cluster: NodeAddress, on selection: NodeSelection = .all, command: RedisCommand) async throws(TribError) -> [NodeReply] {
        guard !command.arguments.isEmpty else {
            throw TribError(.invalidArgument, "execute needs a command to run")
        }
        let snapshot = try await snapshot(of: cluster)
        let nodes = snapshot.liveNodes.filter { node in
            switch selection {
            case .all: return true
            case .masters: return node.isMaster
            case .replicas: return node.isReplica
            }
        }.sorted { lhs, rhs in
            switch (lhs.address, rhs.address) {
            case (let left?, let right?): return left < right
            default: return lhs.address != nil
            }
        }
        let results = await FanOut.map(nodes) { node -> Result<RESPValue, TribError> in
            do throws(TribError) {
                let address = try snapshot.address(of: node)
                let client = try await self.client(address)
                // A dry run sends only what reads; what it holds back is reported and answered so.
                if await client.holdsBack(command) {
                    return .success(NodeReply.notSent)
                }
                let replies = try await client.pipeline([command])
                if case .error = replies[0] {
                    return .failure(TribError(.nodeError, replies[0].string ?? "", node: address))
                }
                return .success(replies[0])
            } catch {
                return .failure(error)
            }
        }
        return zip(nodes, results).map { NodeReply(node: $0, result: $1) }
    }
}
