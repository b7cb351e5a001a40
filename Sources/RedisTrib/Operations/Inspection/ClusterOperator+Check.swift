import RESP

extension ClusterOperator {
    /// `check`: reads every node `node` knows, in parallel, and reports what is wrong with the
    /// cluster (``ClusterCheck``). It changes nothing: it sends only reads, one pipeline of
    /// `CLUSTER NODES`, `CLUSTER INFO`, `INFO replication`, `CLUSTER GETSLOTMIGRATIONS` (Valkey) and
    /// `FUNCTION LIST` of the tool's records of settings to put back (``SavedSettings``) to every node, `CONFIG GET` of the settings that should agree, and
    /// `CLUSTER COUNTKEYSINSLOT` of every slot a master neither owns nor imports.
    ///
    /// A node that cannot be read is a finding, not a failure. Nodes in handshake or without an
    /// address are not read: there is no confirmed member or no address to read.
    /// - Parameter node: any node of the cluster.
    /// - Throws: ``TribError`` only when `node` itself cannot be read or is not cluster-enabled.
    public func check(_ node: NodeAddress) async throws(TribError) -> ClusterCheckReport {
        let seed = try await snapshot(of: node)
        // In address order, so that the findings name the nodes in the same order whichever node is asked.
        let members = seed.topology.nodes.compactMap { member in
            member.address.map { (node: member, address: $0) }
        }.filter { !$0.node.isInHandshake && !$0.node.flags.contains(.noAddress) }.sorted { $0.address < $1.address }
        let readings = try await forEachNode(members.map(\.address)) { trib, address -> Result<(NodeView, NodeHealth), TribError> in
            do throws(TribError) {
                return .success(try await trib.reading(of: address))
            } catch {
                return .failure(error)
            }
        }
        var views: [NodeView] = []
        var health: [NodeHealth] = []
        var unreachable: [ClusterCheck.UnreachableNode] = []
        for ((member, address), reading) in zip(members, readings) {
            switch reading {
            case .success(let (view, nodeHealth)):
                views.append(view)
                health.append(nodeHealth)
            case .failure(let error):
                let reference = Disagreement.NodeReference(id: member.id, address: address)
                unreachable.append(ClusterCheck.UnreachableNode(node: reference, reason: error.message))
            }
        }
        let strayKeys = try await self.strayKeys(in: views)
        let settings = try await self.settings(of: views)
        let findings = ClusterCheck.findings(views, unreachable: unreachable, strayKeys: strayKeys, settings: settings, health: health)
        return ClusterCheckReport(checkedNodes: views.map(\.address), findings: findings)
    }

    /// What one node says, in one round trip: its view of the cluster and its health. A server
    /// without `CLUSTER GETSLOTMIGRATIONS` has no jobs; one that refuses `FUNCTION LIST` no record.
    private func reading(of address: NodeAddress) async throws(TribError) -> (NodeView, NodeHealth) {
        let client = try await client(address)
        let replies = try await client.pipeline([
            RedisCommand("CLUSTER", "NODES"), RedisCommand("CLUSTER", "INFO"), RedisCommand("INFO", "replication"),
            RedisCommand("CLUSTER", "GETSLOTMIGRATIONS"),
            RedisCommand("FUNCTION", "LIST", "LIBRARYNAME", SavedSettings.libraryPattern, "WITHCODE"),
        ])
        for (index, name) in ["CLUSTER NODES", "CLUSTER INFO", "INFO replication"].enumerated() where replies[index].isError {
            throw TribError(.nodeError, "\(name) failed: \(replies[index].string ?? "")", node: address)
        }
        let topology = try client.topology(from: replies[0])
        let info = NodeClient.fields(replies[1].string ?? "")
        let state = info["cluster_state"] ?? "unknown"
        let view = NodeView(address: address, topology: topology, clusterState: state)
        let reference = Disagreement.NodeReference(id: topology.myself?.id ?? "", address: address)
        let jobs = replies[3].isError ? [] : SlotMigrationJob.list(replies[3])
        // A replica's copy of its master's record is its master's to put back.
        let saved = replies[4].isError ? nil : SavedSettings.records(in: replies[4]).first { $0.nodeID == reference.id }
        let health = NodeHealth(
            node: reference, replication: NodeClient.fields(replies[2].string ?? ""), jobs: jobs,
            currentEpoch: info["cluster_current_epoch"].flatMap { UInt64($0) }, savedSettings: saved)
        return (view, health)
    }

    /// The settings every node should share (``ClusterCheck/settingsThatShouldAgree``) of each node
    /// that answered; a node that refuses `CONFIG` (an ACL) is left out rather than failing the check.
    private func settings(of views: [NodeView]) async throws(TribError) -> [ClusterCheck.NodeSettings] {
        let values = try await forEachNode(views.map(\.address)) { trib, address throws(TribError) -> [String: String]? in
            do throws(TribError) {
                return try await trib.client(address).settings(ClusterCheck.settingsThatShouldAgree)
            } catch {
                return nil
            }
        }
        return zip(views, values).compactMap { view, values in
            guard let values, let id = view.topology.myself?.id else { return nil }
            return ClusterCheck.NodeSettings(node: Disagreement.NodeReference(id: id, address: view.address), values: values)
        }
    }

    /// The keys each master that answered holds in slots it neither owns nor imports, by its own
    /// view: one pipeline of `CLUSTER COUNTKEYSINSLOT` per master and database, as redis-cli's
    /// `--cluster-search-multiple-owners` asks, but always.
    private func strayKeys(in views: [NodeView]) async throws(TribError) -> [ClusterCheck.StrayKeys] {
        let masters = views.compactMap { view in
            view.topology.myself.flatMap { $0.isMaster ? (address: view.address, node: $0) : nil }
        }
        let ownViews = Dictionary(masters.map { ($0.address, $0.node) }, uniquingKeysWith: { first, _ in first })
        let counts = try await forEachNode(masters.map(\.address)) { trib, address throws(TribError) -> [HashSlot: Int] in
            guard let me = ownViews[address] else { return [:] }
            let unowned = (0..<HashSlot.count).map { HashSlot(uncheckedValue: UInt16($0)) }.filter { slot in
                !me.slots.contains(slot) && me.importing[slot] == nil
            }
            let client = try await trib.client(address)
            return try await client.keyCounts(unowned, databases: try await client.clusterDatabases())
        }
        return zip(masters, counts).map { master, counts in
            let held = counts.filter { $0.value > 0 }
            return ClusterCheck.StrayKeys(
                node: Disagreement.NodeReference(id: master.node.id, address: master.address),
                slots: SlotSet(held.keys), keys: held.values.reduce(0, +))
        }.filter { $0.keys > 0 }
    }
}
