import RESP

extension ClusterOperator {
    /// `check`: reads every node `node` knows, in parallel, and reports what is wrong with the
    /// cluster (``ClusterCheck``); it changes nothing, sending only `CLUSTER NODES` and `CLUSTER INFO`.
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
        let readings = try await forEachNode(members.map(\.address)) { trib, address -> Result<NodeView, TribError> in
            do throws(TribError) {
                let topology = address == seed.seed ? seed.topology : try await trib.snapshot(of: address).topology
                let state = try await trib.client(address).clusterInfo()["cluster_state"] ?? "unknown"
                return .success(NodeView(address: address, topology: topology, clusterState: state))
            } catch {
                return .failure(error)
            }
        }
        var views: [NodeView] = []
        var unreachable: [ClusterCheck.UnreachableNode] = []
        for ((member, address), reading) in zip(members, readings) {
            switch reading {
            case .success(let view):
                views.append(view)
            case .failure(let error):
                let reference = Disagreement.NodeReference(id: member.id, address: address)
                unreachable.append(ClusterCheck.UnreachableNode(node: reference, reason: error.message))
            }
        }
        let strayKeys = try await self.strayKeys(in: views)
        return ClusterCheckReport(
            checkedNodes: views.map(\.address), findings: ClusterCheck.findings(views, unreachable: unreachable, strayKeys: strayKeys))
    }

    /// The keys each master that answered holds in slots it neither owns nor imports, by its own
    /// view: one pipeline of `CLUSTER COUNTKEYSINSLOT` per master and database, as redis-cli's
    /// `--cluster-search-multiple-owners` asks, but always.
    private func strayKeys(in views: [NodeView]) async throws(TribError) -> [ClusterCheck.StrayKeys] {
        let masters = views.compactMap { view in
            view.topology.myself.flatMap { $0.isMaster ? (address: view.address, node: $0) : nil }
        }
        let counts = try await forEachNode(masters.map(\.address)) { trib, address throws(TribError) -> [HashSlot: Int] in
            guard let me = masters.first(where: { $0.address == address })?.node else { return [:] }
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
