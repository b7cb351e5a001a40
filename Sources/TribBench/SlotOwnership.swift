import RESP
import RedisTrib

/// Which master owns each slot, as every node of a cluster agrees, with no slot open.
struct SlotOwnership: Sendable {
    /// The owner's node id for each of the 16384 slots; `nil` for an unassigned slot.
    var ownerIDs: [String?]
    /// The address of each master, by node id.
    var masters: [String: NodeAddress]

    /// The address of the master that owns each slot.
    var ownerAddresses: [NodeAddress?] {
        ownerIDs.map { $0.flatMap { masters[$0] } }
    }

    /// Waits until every node answers `CLUSTER NODES` with the same owner for every slot, knows
    /// every other node, and shows no slot migrating or importing.
    ///
    /// - Throws: `BenchError` naming the last disagreement when `timeout` passes first.
    static func settled(_ nodes: [NodeAddress], timeout: Duration = .seconds(30)) async throws -> SlotOwnership {
        let deadline = ContinuousClock.now + timeout
        var problem = "no answer yet"
        while true {
            do {
                if let ownership = try await agreement(nodes, problem: &problem) {
                    return ownership
                }
            } catch {
                problem = "\(error)"
            }
            if ContinuousClock.now >= deadline {
                throw BenchError("the cluster did not settle within \(timeout): \(problem)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func agreement(_ nodes: [NodeAddress], problem: inout String) async throws -> SlotOwnership? {
        var first: SlotOwnership?
        for node in nodes {
            let connection = try await RedisConnection.connect(to: node)
            let reply: RESPValue
            do {
                reply = try await connection.send("CLUSTER", "NODES")
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
            let entries = try ClusterNodesParser.parse(reply.string ?? "")
            if let open = entries.first(where: \.isMigrating) {
                problem =
                    "\(node) shows open slots (migrating \(open.migrating.keys.map(\.rawValue).sorted()), importing \(open.importing.keys.map(\.rawValue).sorted()))"
                return nil
            }
            if entries.count != nodes.count {
                problem = "\(node) knows \(entries.count) nodes, not \(nodes.count)"
                return nil
            }
            var view = SlotOwnership(ownerIDs: Array(repeating: nil, count: HashSlot.count), masters: [:])
            for entry in entries where entry.isMaster {
                view.masters[entry.id] = entry.address
                for slot in entry.slots {
                    view.ownerIDs[Int(slot.rawValue)] = entry.id
                }
            }
            if let first, first.ownerIDs != view.ownerIDs {
                problem = "\(nodes[0]) and \(node) disagree about slot owners"
                return nil
            }
            first = first ?? view
        }
        return first
    }
}
