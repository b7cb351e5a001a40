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
        try clusterDatabases(from: try await pipeline([RedisCommand("CONFIG", "GET", "cluster-databases")])[0])
    }

    /// The count of databases in a reply to `CONFIG GET cluster-databases`: 1 for an empty list or an error.
    ///
    /// - Throws: ``TribError`` `.unexpectedReply` when the count is out of range.
    func clusterDatabases(from reply: RESPValue) throws(TribError) -> Int {
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

    /// The keys of each slot, all databases together: pipelines of at most
    /// ``keyCountChunk`` `CLUSTER COUNTKEYSINSLOT`s, each preceded by a `SELECT` of its database
    /// and ended by `SELECT 0` (where this client works) when the node has several.
    ///
    /// Chunked so that each pipeline is answered well within the command timeout, also with many
    /// masters asked at once on a busy machine.
    func keyCounts(_ slots: [HashSlot], databases: Int) async throws(TribError) -> [HashSlot: Int] {
        var counts: [HashSlot: Int] = [:]
        for database in 0..<databases {
            for start in stride(from: 0, to: slots.count, by: Self.keyCountChunk) {
                let chunk = slots[start..<min(slots.count, start + Self.keyCountChunk)]
                var commands = databases > 1 ? [RedisCommand("SELECT", String(database))] : []
                commands += chunk.map { RedisCommand("CLUSTER", "COUNTKEYSINSLOT", String($0.rawValue)) }
                if databases > 1 {
                    commands.append(RedisCommand("SELECT", "0"))
                }
                let replies = try await pipelineChecked(commands)
                for (slot, reply) in zip(chunk, replies.dropFirst(databases > 1 ? 1 : 0)) {
                    guard let count = reply.int, count >= 0 else {
                        throw TribError(.unexpectedReply, "CLUSTER COUNTKEYSINSLOT \(slot) returned \(reply)", node: address)
                    }
                    counts[slot, default: 0] += count
                }
            }
        }
        return counts
    }

    /// The most `CLUSTER COUNTKEYSINSLOT`s ``keyCounts(_:databases:)`` sends in one pipeline.
    static let keyCountChunk = 1024
}
