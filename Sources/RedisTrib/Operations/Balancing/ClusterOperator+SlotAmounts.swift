import RESP

extension ClusterOperator {
    /// How many keys of a slot `rebalance --by memory` asks `MEMORY USAGE` of.
    public static let memorySampleSize = 4

    /// What each slot of `masters` holds, in `measure`: 1 per slot for slots; keys per slot
    /// (every database); or bytes per slot, estimated from a sample. Every master is read in parallel.
    func slotAmounts(of masters: [ClusterNode], measure: BalanceMeasure) async throws(TribError) -> [HashSlot: Int] {
        var amounts: [HashSlot: Int] = [:]
        guard measure != .slots else {
            for slot in masters.flatMap(\.slots) {
                amounts[slot] = 1
            }
            return amounts
        }
        var slotsByAddress: [NodeAddress: SlotSet] = [:]
        for master in masters {
            if let address = master.address { slotsByAddress[address] = master.slots }
        }
        let asked = slotsByAddress
        let perNode = try await forEachNode(Array(asked.keys)) { trib, address throws(TribError) -> [HashSlot: Int] in
            let client = try await trib.client(address)
            let keys = try await client.slotKeyCounts(asked[address] ?? SlotSet(), databases: try await client.clusterDatabases())
            return measure == .keys ? keys : try await client.estimatedSlotBytes(keys: keys)
        }
        for counts in perNode {
            amounts.merge(counts) { first, _ in first }
        }
        return amounts
    }

    /// The keys of every slot `masters` own, every database counted, each master read in parallel.
    func slotKeyCounts(of masters: [ClusterNode]) async throws(TribError) -> [HashSlot: Int] {
        try await slotAmounts(of: masters, measure: .keys)
    }
}

extension NodeClient {
    /// The bytes of each slot with keys, estimated: its keys times the mean `MEMORY USAGE` of up to
    /// ``ClusterOperator/memorySampleSize`` of its keys in database 0 (a slot whose keys are all in
    /// other databases counts at the node's mean), pipelined in chunks.
    func estimatedSlotBytes(keys: [HashSlot: Int]) async throws(TribError) -> [HashSlot: Int] {
        let slots = keys.filter { $0.value > 0 }.keys.sorted()
        var samples: [HashSlot: (bytes: Int, keys: Int)] = [:]
        for start in stride(from: 0, to: slots.count, by: Self.keyCountChunk) {
            let chunk = Array(slots[start..<min(slots.count, start + Self.keyCountChunk)])
            let listed = try await pipelineChecked(
                chunk.map { RedisCommand("CLUSTER", "GETKEYSINSLOT", String($0.rawValue), String(ClusterOperator.memorySampleSize)) })
            var owners: [HashSlot] = []
            var commands: [RedisCommand] = []
            for (slot, reply) in zip(chunk, listed) {
                for key in reply.elements ?? [] {
                    guard let name = key.bytes else { continue }
                    owners.append(slot)
                    var command = RedisCommand("MEMORY", "USAGE")
                    command.append(name)
                    commands.append(command)
                }
            }
            guard !commands.isEmpty else { continue }
            for (slot, reply) in zip(owners, try await pipeline(commands)) {
                guard let bytes = reply.int, bytes >= 0 else { continue }
                samples[slot, default: (0, 0)].bytes += bytes
                samples[slot, default: (0, 0)].keys += 1
            }
        }
        let sampled = samples.values.reduce((bytes: 0, keys: 0)) { ($0.bytes + $1.bytes, $0.keys + $1.keys) }
        let nodeMean = sampled.keys > 0 ? Double(sampled.bytes) / Double(sampled.keys) : 0
        var estimates: [HashSlot: Int] = [:]
        for slot in slots {
            let mean = samples[slot].map { Double($0.bytes) / Double(max($0.keys, 1)) } ?? nodeMean
            estimates[slot] = Int((mean * Double(keys[slot] ?? 0)).rounded())
        }
        return estimates
    }
}
