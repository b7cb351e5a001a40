import RESP

/// The keys of each slot a master owns, for a map of the slots.
extension NodeClient {
    /// The keys of each of `slots`, every database together.
    ///
    /// Where the server has `CLUSTER SLOT-STATS` (Valkey 8+), one `SLOTSRANGE 0 16383` answers for
    /// every slot the node owns, its `key-count` summing the databases already; slots it does not
    /// report (it owns them by another node's view only) and servers without it (Redis 7, an error
    /// reply) are counted with `CLUSTER COUNTKEYSINSLOT` per slot and database, pipelined.
    /// - Throws: ``TribError`` when the node cannot be reached or a reply is not what was asked.
    func slotKeyCounts(_ slots: SlotSet, databases: Int) async throws(TribError) -> [HashSlot: Int] {
        guard !slots.isEmpty else { return [:] }
        let command = RedisCommand("CLUSTER", "SLOT-STATS", "SLOTSRANGE", "0", String(HashSlot.count - 1))
        let reply = try await pipeline([command])[0]
        var counts: [HashSlot: Int] = [:]
        if !reply.isError {
            for (slot, count) in try Self.slotStatsKeyCounts(reply, node: address) where slots.contains(slot) {
                counts[slot] = count
            }
        }
        let missing = slots.filter { counts[$0] == nil }
        counts.merge(try await keyCounts(missing, databases: databases)) { _, counted in counted }
        return counts
    }

    /// The `key-count` of each slot in a `CLUSTER SLOT-STATS` reply: a list of `[slot, stats]`,
    /// the stats a list of names and values (RESP2) or a map (RESP3).
    static func slotStatsKeyCounts(_ reply: RESPValue, node: NodeAddress) throws(TribError) -> [HashSlot: Int] {
        let unexpected = TribError(.unexpectedReply, "CLUSTER SLOT-STATS returned \(reply)", node: node)
        let entries: [(RESPValue, RESPValue)]
        if case .map(let pairs) = reply {
            entries = pairs.map { ($0.key, $0.value) }
        } else if let elements = reply.elements {
            entries = try elements.map { element throws(TribError) in
                guard let pair = element.elements, pair.count == 2 else { throw unexpected }
                return (pair[0], pair[1])
            }
        } else {
            throw unexpected
        }
        var counts: [HashSlot: Int] = [:]
        for (slotValue, stats) in entries {
            guard let number = slotValue.int, let slot = HashSlot(exactly: number) else { throw unexpected }
            let fields: [(RESPValue, RESPValue)]
            if case .map(let pairs) = stats {
                fields = pairs.map { ($0.key, $0.value) }
            } else if let flat = stats.elements, flat.count % 2 == 0 {
                fields = stride(from: 0, to: flat.count, by: 2).map { (flat[$0], flat[$0 + 1]) }
            } else {
                throw unexpected
            }
            guard let field = fields.first(where: { $0.0.string == "key-count" }), let count = field.1.int, count >= 0 else {
                throw unexpected
            }
            counts[slot] = count
        }
        return counts
    }
}
