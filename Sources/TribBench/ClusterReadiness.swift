import Foundation
import RESP
import RedisTrib

/// Polls a cluster until it is ready for clients: every node reports `cluster_state:ok`, knows
/// every other node, shows the same owner for every slot, and every replica's link to its master is up.
struct ClusterReadiness {
    var nodes: [NodeAddress]
    /// How many of the nodes should be replicas.
    var replicas: Int
    /// Nodes asked at once.
    var fanOut = 32

    /// Waits until ready, polling every 10 ms; returns when it saw the cluster ready.
    ///
    /// - Throws: `BenchError` naming the last problem when `timeout` passes first.
    func wait(timeout: Duration = .seconds(120)) async throws -> ContinuousClock.Instant {
        var connections: [NodeAddress: RedisConnection] = [:]
        do {
            let ready = try await poll(until: ContinuousClock.now + timeout, timeout: timeout, &connections)
            await Self.close(connections)
            return ready
        } catch {
            await Self.close(connections)
            throw error
        }
    }

    private func poll(until deadline: ContinuousClock.Instant, timeout: Duration, _ connections: inout [NodeAddress: RedisConnection]) async throws
        -> ContinuousClock.Instant
    {
        while true {
            let views = await poll(&connections)
            guard let problem = Self.problem(views, nodeCount: nodes.count, replicas: replicas) else { return .now }
            if ContinuousClock.now >= deadline {
                throw BenchError("the cluster was not ready within \(timeout): \(problem)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func close(_ connections: [NodeAddress: RedisConnection]) async {
        for connection in connections.values {
            await connection.close()
        }
    }

    /// What one node said, or why it said nothing.
    struct View: Sendable {
        var node: NodeAddress
        var state: String?
        var entries: [ClusterNode] = []
        var linkUp = false
        var failure: String?
    }

    private func poll(_ connections: inout [NodeAddress: RedisConnection]) async -> [View] {
        var opened = connections
        for node in nodes where opened[node]?.isOpen != true {
            opened[node] = try? await RedisConnection.connect(to: node, options: ConnectionOptions(connectTimeout: 2, commandTimeout: 5))
        }
        connections = opened
        let snapshot = opened
        return await withTaskGroup(of: (Int, View).self) { group in
            var views = [View?](repeating: nil, count: nodes.count)
            var next = 0
            func add(_ index: Int) {
                let node = nodes[index]
                group.addTask { (index, await Self.view(of: node, over: snapshot[node])) }
            }
            while next < min(fanOut, nodes.count) {
                add(next)
                next += 1
            }
            for await (index, view) in group {
                views[index] = view
                if next < nodes.count {
                    add(next)
                    next += 1
                }
            }
            return views.compactMap { $0 }
        }
    }

    private static func view(of node: NodeAddress, over connection: RedisConnection?) async -> View {
        guard let connection else { return View(node: node, failure: "not connected") }
        do {
            let replies = try await connection.pipeline([
                RedisCommand(["CLUSTER", "INFO"]), RedisCommand(["CLUSTER", "NODES"]), RedisCommand(["INFO", "replication"]),
            ])
            guard replies.count == 3, let info = replies[0].string, let nodes = replies[1].string, let replication = replies[2].string else {
                return View(node: node, failure: "unexpected reply")
            }
            return View(
                node: node,
                state: field("cluster_state", in: info),
                entries: try ClusterNodesParser.parse(nodes),
                linkUp: field("master_link_status", in: replication) == "up"
            )
        } catch {
            return View(node: node, failure: "\(error)")
        }
    }

    private static func field(_ name: String, in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Why the views do not show a ready cluster, or `nil` when they do.
    static func problem(_ views: [View], nodeCount: Int, replicas: Int) -> String? {
        var slotMap: [String]?
        for view in views {
            if let failure = view.failure { return "\(view.node): \(failure)" }
            guard view.state == "ok" else { return "\(view.node) reports cluster_state:\(view.state ?? "?")" }
            guard view.entries.count == nodeCount else { return "\(view.node) knows \(view.entries.count) nodes, not \(nodeCount)" }
            let replicaCount = view.entries.filter(\.isReplica).count
            guard replicaCount == replicas else { return "\(view.node) sees \(replicaCount) replicas, not \(replicas)" }
            if view.entries.first(where: \.isMyself)?.isReplica == true, !view.linkUp {
                return "\(view.node): master_link_status is not up"
            }
            let map = view.entries.filter(\.isMaster).filter { !$0.slots.isEmpty }.map { "\($0.id) \($0.slots)" }.sorted()
            if let slotMap, slotMap != map { return "\(views[0].node) and \(view.node) disagree about slot owners" }
            slotMap = map
        }
        return nil
    }
}
