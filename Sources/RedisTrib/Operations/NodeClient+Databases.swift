import NIOCore
import RESP

/// Keys in every database: Valkey 9 keeps `cluster-databases` databases per node in cluster mode,
/// and a slot's keys in each of them move with the slot.
extension NodeClient {
    /// The most databases a node may report; more is an answer this tool does not trust.
    static let maximumDatabases = 1 << 16

    /// How many databases the node keeps in cluster mode: `cluster-databases` where the server has
    /// it (Valkey 9), 1 elsewhere.
    ///
    /// - Throws: ``TribError`` when the node cannot be reached or reports a count out of range.
    func clusterDatabases() async throws(TribError) -> Int {
        let reply = try await pipeline([RedisCommand("CONFIG", "GET", "cluster-databases")])[0]
        guard let elements = reply.elements, elements.count >= 2, let text = elements[1].string else {
            // Unknown parameter (an empty list), or CONFIG refused by an ACL: one database.
            return 1
        }
        guard let count = Int(text), count >= 1, count <= Self.maximumDatabases else {
            throw TribError(.unexpectedReply, "cluster-databases is '\(text)', not a count from 1 to \(Self.maximumDatabases)", node: address)
        }
        return count
    }

    /// The keys of every database summed, from `DBSIZE` of each in one pipeline (ending on
    /// database 0, where this client works).
    ///
    /// - Throws: ``TribError`` when the node cannot be reached or a reply is not a count.
    func databaseSizes(databases: Int) async throws(TribError) -> Int {
        var commands: [RedisCommand] = []
        for database in 0..<databases {
            if databases > 1 {
                commands.append(RedisCommand("SELECT", String(database)))
            }
            commands.append(RedisCommand("DBSIZE"))
        }
        if databases > 1 {
            commands.append(RedisCommand("SELECT", "0"))
        }
        let replies = try await pipelineChecked(commands)
        var total = 0
        for (command, reply) in zip(commands, replies) where command.name == "DBSIZE" {
            guard let count = reply.int, count >= 0 else {
                throw TribError(.unexpectedReply, "DBSIZE returned \(reply)", node: address)
            }
            total = total.addingReportingOverflow(count).overflow ? Int.max : total + count
        }
        return total
    }

    /// The keys of each slot, all databases together, in one pipeline (`SELECT` then
    /// `CLUSTER COUNTKEYSINSLOT` per database, ending on database 0, where this client works).
    func keyCounts(_ slots: [HashSlot], databases: Int) async throws(TribError) -> [HashSlot: Int] {
        guard !slots.isEmpty else { return [:] }
        var commands: [RedisCommand] = []
        for database in 0..<databases {
            if databases > 1 {
                commands.append(RedisCommand("SELECT", String(database)))
            }
            commands.append(contentsOf: slots.map { RedisCommand("CLUSTER", "COUNTKEYSINSLOT", String($0.rawValue)) })
        }
        if databases > 1 {
            commands.append(RedisCommand("SELECT", "0"))
        }
        let replies = try await pipelineChecked(commands)
        var counts: [HashSlot: Int] = [:]
        var index = 0
        for _ in 0..<databases {
            if databases > 1 { index += 1 }
            for slot in slots {
                guard let count = replies[index].int, count >= 0 else {
                    throw TribError(.unexpectedReply, "CLUSTER COUNTKEYSINSLOT \(slot) returned \(replies[index])", node: address)
                }
                counts[slot, default: 0] += count
                index += 1
            }
        }
        return counts
    }
}
