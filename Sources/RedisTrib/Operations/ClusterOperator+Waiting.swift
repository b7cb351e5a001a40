import RESP

extension ClusterOperator {
    /// Polls every live node the seed knows until all agree on the slot map, the members and the
    /// replicas, no slot is open, and each reports `cluster_state:ok`.
    ///
    /// - Parameters:
    ///   - requireStateOK: `false` while a cluster is expected not to serve every slot yet.
    ///   - ignored: node IDs whose open slots are not waited for (replica markers `fix` could not clear).
    /// - Throws: ``TribError`` `.notConverged`, saying which nodes disagree and how, after ``OperationOptions/waitTimeout``.
    func waitForAgreement(from seed: NodeAddress, requireStateOK: Bool = true, ignoringMarkersOf ignored: Set<String> = []) async throws(TribError) {
        // A dry run changed nothing, so there is nothing to wait for.
        guard !options.dryRun else { return }
        let deadline = ContinuousClock.now + SecondsConversion.duration(options.waitTimeout)
        var last: String = "no answer yet"
        while true {
            do throws(TribError) {
                let views = try await collectViews(from: seed)
                guard let disagreement = ClusterAgreement.check(views, requireStateOK: requireStateOK, ignoringMarkersOf: ignored) else { return }
                last = disagreement.description
            } catch {
                last = error.description
            }
            if ContinuousClock.now >= deadline {
                throw TribError(
                    .notConverged,
                    "the cluster did not agree within \(SecondsConversion.milliseconds(options.waitTimeout) / 1000) s: \(last)",
                    node: seed
                )
            }
            try checkCancellation()
            try? await Task.sleep(for: SecondsConversion.duration(options.pollInterval))
        }
    }

    /// Polls until every live node of the seed's cluster knows each of `newNodes` (not in handshake).
    ///
    /// Each poll reads every live node once, however many newcomers there are.
    /// - Throws: ``TribError`` `.notConverged`, naming for each newcomer the nodes that do not know it yet.
    func waitForMembership(of newNodes: [NodeAddress], in seed: NodeAddress) async throws(TribError) {
        guard !options.dryRun, !newNodes.isEmpty else { return }
        let newIDs = try await forEachNode(newNodes) { trib, address throws(TribError) in
            try await trib.client(address).myID()
        }
        let deadline = ContinuousClock.now + SecondsConversion.duration(options.waitTimeout)
        while true {
            let anchor = try await snapshot(of: seed)
            let anchorAddress = anchor.myself.address
            let addresses = anchor.liveNodes.compactMap(\.address)
            let topologies = try await forEachNode(addresses) { trib, address throws(TribError) -> ClusterTopology in
                // The seed's own view was just read.
                if address == anchorAddress { return anchor.topology }
                return try await trib.snapshot(of: address).topology
            }
            // Per newcomer, the nodes that do not know it, or only in handshake.
            let strangers = newIDs.map { id in
                zip(addresses, topologies).filter { $0.1.node(id: id)?.isInHandshake != false }.map(\.0.description)
            }
            let unknown = zip(newNodes, strangers).filter { !$0.1.isEmpty }
            guard let first = unknown.first else { return }
            if ContinuousClock.now >= deadline {
                let seconds = SecondsConversion.milliseconds(options.waitTimeout) / 1000
                throw TribError(
                    .notConverged,
                    unknown.map { newNode, names in
                        "\(newNode) was not known to every node within \(seconds) s: " + names.joined(separator: ", ") + " do not know it"
                    }.joined(separator: "; "),
                    node: first.0
                )
            }
            try checkCancellation()
            try? await Task.sleep(for: SecondsConversion.duration(options.pollInterval))
        }
    }

    /// The view of every live node known to the seed, read in parallel after the seed's, each in
    /// one round trip (the seed's serves for it too).
    func collectViews(from seed: NodeAddress) async throws(TribError) -> [NodeView] {
        let seedView = try await view(of: seed)
        let addresses = ClusterSnapshot(seed: seed, topology: seedView.topology).liveNodes.compactMap(\.address)
        return try await forEachNode(addresses) { trib, address throws(TribError) in
            if address == seed || address == seedView.topology.myself?.address {
                return NodeView(address: address, topology: seedView.topology, clusterState: seedView.clusterState)
            }
            return try await trib.view(of: address)
        }
    }

    /// One node's `CLUSTER NODES` (its own entry given `address` when it does not know its own)
    /// and the `cluster_state` of its `CLUSTER INFO`, in one round trip.
    ///
    /// - Throws: ``TribError`` when the node cannot be reached, is not cluster-enabled or fails either command.
    func view(of address: NodeAddress) async throws(TribError) -> NodeView {
        let client = try await client(address)
        let replies = try await client.pipeline([RedisCommand("CLUSTER", "NODES"), RedisCommand("CLUSTER", "INFO")])
        for (command, reply) in zip(["CLUSTER NODES", "CLUSTER INFO"], replies) where reply.isError {
            let text = reply.string ?? ""
            if text.contains("cluster support disabled") {
                throw TribError(.preconditionFailed, "\(address) is not cluster-enabled (cluster-enabled no)", node: address)
            }
            throw TribError(.nodeError, "\(command) failed: \(text)", node: address)
        }
        var topology = try client.topology(from: replies[0])
        if let index = topology.nodes.firstIndex(where: \.isMyself), topology.nodes[index].address == nil {
            topology.nodes[index].address = address
        }
        return NodeView(address: address, topology: topology, clusterState: NodeClient.fields(replies[1].string ?? "")["cluster_state"] ?? "unknown")
    }

    /// Runs `body` for every address in parallel, at most ``FanOut/nodeLimit`` at once, and returns
    /// the results in the order given; the first error (in that order) is thrown.
    func forEachNode<T: Sendable>(
        _ addresses: [NodeAddress],
        _ body: @escaping @Sendable (ClusterOperator, NodeAddress) async throws(TribError) -> T
    ) async throws(TribError) -> [T] {
        let results = await FanOut.map(addresses) { address -> Result<T, TribError> in
            do throws(TribError) {
                return .success(try await body(self, address))
            } catch {
                return .failure(error)
            }
        }
        return try results.map { result throws(TribError) in try result.get() }
    }
}
