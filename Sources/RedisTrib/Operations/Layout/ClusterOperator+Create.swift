import RESP

extension ClusterOperator {
    /// `create --replicas N`: a cluster of free nodes, `nodes.count / (N + 1)` of them masters and
    /// the rest their replicas, laid out by ``LayoutPlanner`` so that replicas stay off their
    /// master's host (hosts compared by resolved address) and apart from each other, zones too where
    /// the servers report them.
    ///
    /// The layout is worked out and sent as ``OperationEvent/layoutPlanned(_:)`` before the first
    /// change (a dry run sends none and returns it). The masters take their slots; every other node
    /// meets the first master and every replica its own master, at once; once each master reports
    /// `cluster_state:ok`, every replica is attached at once, and the call returns when every node
    /// reports `cluster_state:ok`, all agree on the slot map and each replica's link to its master
    /// is up. While the masters wait for each other and for their replicas, their rejoin delay and
    /// diskless sync delay are shortened and put back after (``TemporarySettings``).
    ///
    /// - Parameters:
    ///   - nodes: the free nodes, by IP address or host name.
    ///   - replicas: replicas per master.
    ///   - strictAffinity: refuse, before any change, a layout that puts a replica on its master's host.
    ///   - maxSlots: the most slots per `CLUSTER ADDSLOTS` call (all at once when `nil`).
    /// - Returns: the layout, ``ClusterLayout/applied`` unless it was a dry run.
    /// - Throws: ``TribError`` for a repeated address, one node under two names, a node that is not
    ///   free, too few nodes, a host name that does not resolve, or a layout `strictAffinity` refuses
    ///   (nothing is changed then); `.notConverged` naming the nodes not ready after ``OperationOptions/waitTimeout``.
    @discardableResult
    public func create(_ nodes: [NodeAddress], replicas: Int, strictAffinity: Bool = false, maxSlots: Int? = nil) async throws(TribError)
        -> ClusterLayout
    {
        if let maxSlots, maxSlots < 1 {
            throw TribError(.invalidArgument, "--max-slots must be at least 1, not \(maxSlots)")
        }
        var seen = Set<NodeAddress>()
        for node in nodes where !seen.insert(node).inserted {
            throw TribError(.invalidArgument, "\(node) is given more than once", node: node)
        }
        var layout = try LayoutPlanner.plan(try await layoutNodes(nodes), replicas: replicas)
        _ = try await forEachNode(nodes) { trib, address throws(TribError) in
            try await trib.requireFreeNode(address)
        }
        try await requireDistinctNodes(nodes)
        if strictAffinity {
            let shared = layout.warnings.filter { $0.kind == .replicaOnMasterHost }
            if let first = shared.first {
                throw TribError(
                    .preconditionFailed,
                    "--strict-affinity: these nodes leave no layout without a replica on its master's host: "
                        + shared.map(\.message).joined(separator: "; ") + "; nothing was changed",
                    node: first.replicas.first
                )
            }
        }
        if !options.dryRun {
            report(.layoutPlanned(layout))
        }
        let masters = layout.shards.map(\.master.address)
        let slotSets = layout.shards.map(\.slots)
        _ = try await forEachNode(masters) { trib, address throws(TribError) in
            guard let index = masters.firstIndex(of: address) else { return }
            let slots = slotSets[index]
            trib.step("\(address) takes slots \(slots)")
            try await trib.addSlots(slots, to: address, maxSlots: maxSlots)
            if masters.count > 1 {
                try await trib.client(address).send("CLUSTER", "SET-CONFIG-EPOCH", String(index + 1))
            }
        }
        let masterIDs = try await forEachNode(masters) { trib, address throws(TribError) in
            try await trib.client(address).myID()
        }
        // The masters wait for each other with a short node timeout, put back before any replica
        // is attached (no failover can follow from it). Then each master starts each first sync as
        // soon as the replica asks (TemporarySettings), and each replica tells every node its new
        // role at once.
        let replicaNodes = layout.shards.flatMap(\.replicas).map(\.address)
        try await withTemporarySettings(on: masters, changing: .shortNodeTimeout(clusterSize: masters.count + replicaNodes.count)) {
            () async throws(TribError) in
            try await introduce(layout, masterIDs: masterIDs)
            try await waitUntilStateOK(masters)
        }
        let syncing = layout.shards.filter { !$0.replicas.isEmpty }.map(\.master.address)
        try await withTemporarySettings(on: syncing, changing: .replicaSync) { () async throws(TribError) in
            try await attachReplicas(of: layout, masterIDs: masterIDs)
            try await announceRoles(of: replicaNodes)
            try await waitUntilReady(from: masters[0], replicas: replicaNodes)
        }
        layout.applied = !options.dryRun
        return layout
    }

    /// Every node meets the first master, and every replica its own master too, all at once; the
    /// call returns once every replica knows its master, which is all `CLUSTER REPLICATE` needs:
    /// the rest of the cluster learns of each node by gossip while the replicas sync, and
    /// ``waitUntilReady(from:replicas:)`` waits for that.
    private func introduce(_ layout: ClusterLayout, masterIDs: [String]) async throws(TribError) {
        let anchor = layout.shards[0].master.address
        var nodes: [NodeAddress] = []
        var partners: [NodeAddress: [NodeAddress]] = [:]
        func meets(_ node: NodeAddress, _ partner: NodeAddress) {
            if partners[node] == nil { nodes.append(node) }
            partners[node, default: []].append(partner)
        }
        for shard in layout.shards {
            let master = shard.master.address
            if master != anchor { meets(master, anchor) }
            for replica in shard.replicas {
                meets(replica.address, anchor)
                if master != anchor { meets(replica.address, master) }
            }
        }
        var commands: [NodeAddress: RedisCommand] = [:]
        for master in layout.shards.map(\.master.address) {
            commands[master] = try await meetCommand(to: master)
        }
        let (plan, meetCommands) = (partners, commands)
        _ = try await forEachNode(nodes) { trib, node throws(TribError) in
            for partner in plan[node] ?? [] {
                guard let command = meetCommands[partner] else { continue }
                trib.step("\(node) meets \(partner)")
                try await trib.client(node).send(command)
            }
        }
        var pairs: [(replica: NodeAddress, masterID: String)] = []
        for (shard, id) in zip(layout.shards, masterIDs) {
            pairs += shard.replicas.map { ($0.address, id) }
        }
        try await waitUntilReplicasKnowMasters(pairs)
    }

    /// Every replica of `layout` sends `CLUSTER REPLICATE` to the id of its master, all at once.
    private func attachReplicas(of layout: ClusterLayout, masterIDs: [String]) async throws(TribError) {
        var pairs: [NodeAddress: (master: NodeAddress, id: String)] = [:]
        for (shard, id) in zip(layout.shards, masterIDs) {
            for replica in shard.replicas {
                pairs[replica.address] = (shard.master.address, id)
            }
        }
        let assignments = pairs
        let replicas = layout.shards.flatMap(\.replicas).map(\.address)
        _ = try await forEachNode(replicas) { trib, replica throws(TribError) in
            guard let (master, id) = assignments[replica] else { return }
            trib.step("\(replica) replicates \(master)")
            try await trib.client(replica).send("CLUSTER", "REPLICATE", id)
        }
    }

    /// Each node as the planner sees it: its host (the address its name resolves to) and the
    /// availability zone it reports (`CONFIG GET availability-zone`; none on servers without it,
    /// nor on a node whose ACL refuses `CONFIG`).
    func layoutNodes(_ nodes: [NodeAddress]) async throws(TribError) -> [LayoutNode] {
        let zones = try await forEachNode(nodes) { trib, address throws(TribError) -> String? in
            let zone: String?
            do throws(TribError) {
                zone = try await trib.client(address).settings(["availability-zone"])["availability-zone"]
            } catch {
                // An error reply (an ACL's NOPERM) means no zone; a node out of reach is an error.
                guard error.code == .nodeError else { throw error }
                return nil
            }
            return zone?.isEmpty == false ? zone : nil
        }
        var result: [LayoutNode] = []
        for (address, zone) in zip(nodes, zones) {
            result.append(LayoutNode(address: address, host: try HostResolver.ipAddress(of: address), zone: zone))
        }
        return result
    }
}
