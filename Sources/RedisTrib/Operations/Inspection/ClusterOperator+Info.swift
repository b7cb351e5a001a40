import RESP

extension ClusterOperator {
    /// `info`: every master `node` knows, read in parallel, each in one round trip: its keys
    /// (`DBSIZE` of every database), `used_memory` (`INFO memory`) and open slots (its own
    /// `CLUSTER NODES` line, which for `node` is in the view already read), with the slots
    /// and replicas `node` gives it; as redis-cli's `--cluster info`. With `slotKeys`, also the
    /// keys of every slot its owner holds (`CLUSTER SLOT-STATS` where the server has it,
    /// `CLUSTER COUNTKEYSINSLOT` otherwise), for a map. It sends only reads.
    ///
    /// A master that cannot be read is reported as such, not a failure. Masters in handshake or
    /// without an address are left out: there is no confirmed member or no address to read.
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - slotKeys: whether to count the keys of every slot.
    /// - Throws: ``TribError`` only when `node` itself cannot be read or is not cluster-enabled.
    public func info(_ node: NodeAddress, slotKeys: Bool = false) async throws(TribError) -> ClusterInfoReport {
        let seed = try await snapshot(of: node)
        let masters = seed.topology.masters.compactMap { master in
            master.address.map { (node: master, address: $0) }
        }.filter { !$0.node.isInHandshake && !$0.node.flags.contains(.noAddress) }.sorted { $0.address < $1.address }
        let slotsByAddress = Dictionary(masters.map { ($0.address, $0.node.slots) }, uniquingKeysWith: { first, _ in first })
        let readings = try await forEachNode(masters.map(\.address)) { trib, address -> (MasterInfo.Reading, [HashSlot: Int]) in
            do throws(TribError) {
                let client = try await trib.client(address)
                // The node asked was read already: its own line is in that view.
                let known = address == node || address == seed.myself.address ? seed.myself : nil
                var commands = [RedisCommand("CONFIG", "GET", "cluster-databases"), RedisCommand("INFO", "memory"), RedisCommand("DBSIZE")]
                if known == nil {
                    commands.append(RedisCommand("CLUSTER", "NODES"))
                }
                let replies = try await client.pipeline(commands)
                let databases = try client.clusterDatabases(from: replies[0])
                let memory = try client.usedMemory(from: replies[1])
                let keys: Int
                if databases == 1, let count = replies[2].int, count >= 0 {
                    keys = count
                } else {
                    keys = try await client.databaseSizes(databases: databases)
                }
                // Its own line: the only place its open slots show.
                let own: ClusterNode?
                if let known {
                    own = known
                } else if replies[3].isError {
                    throw TribError(.nodeError, "CLUSTER NODES failed: \(replies[3].string ?? "")", node: address)
                } else {
                    own = try client.topology(from: replies[3]).myself
                }
                let open = own.map { SlotSet(Array($0.migrating.keys) + Array($0.importing.keys)) } ?? SlotSet()
                let owned = slotsByAddress[address] ?? SlotSet()
                let counts = slotKeys ? try await client.slotKeyCounts(owned, databases: databases) : [:]
                return (.read(keys: keys, memoryUsed: memory, openSlots: open), counts)
            } catch {
                return (.unreachable(reason: error.message), [:])
            }
        }
        var keys = slotKeys ? Array(repeating: 0, count: HashSlot.count) : nil
        var report: [MasterInfo] = []
        for ((master, address), (reading, counts)) in zip(masters, readings) {
            let replicas = seed.topology.replicas(of: master.id).map { Disagreement.NodeReference(id: $0.id, address: $0.address) }
            report.append(
                MasterInfo(node: Disagreement.NodeReference(id: master.id, address: address), slots: master.slots, replicas: replicas, reading: reading)
            )
            for (slot, count) in counts where master.slots.contains(slot) {
                keys?[Int(slot.rawValue)] = count
            }
        }
        return ClusterInfoReport(masters: report, slotKeys: keys)
    }
}
