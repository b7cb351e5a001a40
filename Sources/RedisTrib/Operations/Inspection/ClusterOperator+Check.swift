import RESP

extension ClusterOperator {
    /// `check`: reads every node `node` knows, in parallel, and reports what is wrong with the
    /// cluster (``ClusterCheck``). It changes nothing: it sends only reads, one pipeline to every
    /// node (``NodeReading/commands``: `CLUSTER NODES`, `CLUSTER INFO`, `INFO replication`,
    /// `CLUSTER GETSLOTMIGRATIONS` (Valkey), `DBSIZE`, `FUNCTION LIST` of the tool's records of
    /// settings to put back and `CONFIG GET` of the settings that should agree), `node` first, whose reading serves for it too; then `CLUSTER COUNTKEYSINSLOT` of every
    /// slot a master neither owns nor imports, unless it holds no keys.
    ///
    /// A node that cannot be read is a finding, not a failure. Nodes in handshake or without an
    /// address are not read: there is no confirmed member or no address to read.
    /// - Parameter node: any node of the cluster.
    /// - Throws: ``TribError`` only when `node` itself cannot be read or is not cluster-enabled.
    public func check(_ node: NodeAddress) async throws(TribError) -> ClusterCheckReport {
        let seed = try await reading(of: node)
        // In address order, so that the findings name the nodes in the same order whichever node is asked.
        let members = seed.view.topology.nodes.compactMap { member in
            member.address.map { (node: member, address: $0) }
        }.filter { !$0.node.isInHandshake && !$0.node.flags.contains(.noAddress) }.sorted { $0.address < $1.address }
        let readings = try await forEachNode(members.map(\.address)) { trib, address -> Result<NodeReading, TribError> in
            // The node asked was read first; every other node is read once, here.
            if address == node || address == seed.view.topology.myself?.address {
                return .success(seed.listed(at: address))
            }
            do throws(TribError) {
                return .success(try await trib.reading(of: address))
            } catch {
                return .failure(error)
            }
        }
        var answered: [NodeReading] = []
        var unreachable: [ClusterCheck.UnreachableNode] = []
        for ((member, address), reading) in zip(members, readings) {
            switch reading {
            case .success(let reading):
                answered.append(reading)
            case .failure(let error):
                let reference = Disagreement.NodeReference(id: member.id, address: address)
                unreachable.append(ClusterCheck.UnreachableNode(node: reference, reason: error.message))
            }
        }
        let views = answered.map(\.view)
        let strayKeys = try await self.strayKeys(in: answered)
        let settings = answered.compactMap { reading -> ClusterCheck.NodeSettings? in
            guard let values = reading.settings, let id = reading.view.topology.myself?.id else { return nil }
            return ClusterCheck.NodeSettings(node: Disagreement.NodeReference(id: id, address: reading.view.address), values: values)
        }
        let findings = ClusterCheck.findings(views, unreachable: unreachable, strayKeys: strayKeys, settings: settings, health: answered.map(\.health))
        return ClusterCheckReport(checkedNodes: views.map(\.address), findings: findings)
    }

    /// What one node says, in one round trip (``NodeReading``); a node with a record of settings
    /// to put back is asked a second time, for its clients: whether the run that made the record
    /// still runs.
    private func reading(of address: NodeAddress) async throws(TribError) -> NodeReading {
        let client = try await client(address)
        var reading = try NodeReading(replies: try await client.pipeline(NodeReading.commands), client: client)
        if let saved = reading.health.savedSettings, saved.markerName != nil {
            let clients = try await client.pipeline([SavedSettings.clientListCommand])[0]
            reading.health.savedSettingsInUse = saved.isHeld(clientList: clients)
        }
        return reading
    }

    /// The keys each master that answered holds in slots it neither owns nor imports, by its own
    /// view: one pipeline of `CLUSTER COUNTKEYSINSLOT` per master and database, as redis-cli's
    /// `--cluster-search-multiple-owners` asks, but always. A master with one database that was
    /// empty when read is not asked: it has no key anywhere.
    private func strayKeys(in readings: [NodeReading]) async throws(TribError) -> [ClusterCheck.StrayKeys] {
        let masters = readings.compactMap { reading in
            reading.view.topology.myself.flatMap { $0.isMaster ? (reading: reading, node: $0) : nil }
        }.filter { !($0.reading.databases == 1 && $0.reading.keysInFirstDatabase == 0) }
        let counts = try await forEachNode(masters.map(\.reading.view.address)) { trib, address throws(TribError) -> [HashSlot: Int] in
            guard let master = masters.first(where: { $0.reading.view.address == address }) else { return [:] }
            let unowned = (0..<HashSlot.count).map { HashSlot(uncheckedValue: UInt16($0)) }.filter { slot in
                !master.node.slots.contains(slot) && master.node.importing[slot] == nil
            }
            return try await trib.client(address).keyCounts(unowned, databases: master.reading.databases)
        }
        return zip(masters, counts).map { master, counts in
            let held = counts.filter { $0.value > 0 }
            return ClusterCheck.StrayKeys(
                node: Disagreement.NodeReference(id: master.node.id, address: master.reading.view.address),
                slots: SlotSet(held.keys), keys: held.values.reduce(0, +))
        }.filter { $0.keys > 0 }
    }
}
