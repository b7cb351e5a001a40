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
        try await pollUntilSettled { () async throws(TribError) -> String? in
            do throws(TribError) {
                let views = try await collectViews(from: seed)
                return ClusterAgreement.check(views, requireStateOK: requireStateOK, ignoringMarkersOf: ignored)?.description
            } catch {
                return error.description
            }
        } failure: { last, seconds in
            TribError(.notConverged, "the cluster did not agree within \(seconds) s: \(last)", node: seed)
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
        try await pollUntilSettled { () async throws(TribError) -> [(NodeAddress, [String])]? in
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
            return unknown.isEmpty ? nil : unknown
        } failure: { unknown, seconds in
            TribError(
                .notConverged,
                unknown.map { newNode, names in
                    "\(newNode) was not known to every node within \(seconds) s: " + names.joined(separator: ", ") + " do not know it"
                }.joined(separator: "; "),
                node: unknown.first?.0
            )
        }
    }

    /// Polls each replica until its own view lists its master (`masterID`) as a master, out of
    /// handshake: all `CLUSTER REPLICATE` needs.
    ///
    /// - Throws: ``TribError`` `.notConverged` after ``OperationOptions/waitTimeout``, naming the replicas that do not.
    func waitUntilReplicasKnowMasters(_ pairs: [(replica: NodeAddress, masterID: String)]) async throws(TribError) {
        let expected = pairs
        try await pollUntilSettled { () async throws(TribError) -> [NodeAddress]? in
            let known = try await forEachNode(expected.map(\.replica)) { trib, replica throws(TribError) -> Bool in
                guard let id = expected.first(where: { $0.replica == replica })?.masterID,
                    let master = try await trib.snapshot(of: replica).topology.node(id: id)
                else { return false }
                return master.isMaster && !master.isInHandshake
            }
            let strangers = zip(expected, known).filter { !$0.1 }.map(\.0.replica)
            return strangers.isEmpty ? nil : strangers
        } failure: { strangers, seconds in
            TribError(
                .notConverged,
                "within \(seconds) s, these replicas did not come to know their master: " + strangers.map(\.description).joined(separator: ", "),
                node: strangers.first
            )
        }
    }

    /// Asks `attempt` every ``OperationOptions/pollInterval`` until it finds nothing left to wait
    /// for (`nil`), and stops at the next safe point when the operation is stopped. A dry run changed
    /// nothing, so there is nothing to wait for: it returns at once.
    ///
    /// - Parameters:
    ///   - attempt: one poll; what is still awaited, or `nil`. What it throws ends the wait.
    ///   - failure: the error once ``OperationOptions/waitTimeout`` has passed, from the last poll's
    ///     answer and the timeout in seconds.
    func pollUntilSettled<Pending>(
        _ attempt: () async throws(TribError) -> Pending?,
        failure: (_ pending: Pending, _ seconds: Int) -> TribError
    ) async throws(TribError) {
        guard !options.dryRun else { return }
        let deadline = ContinuousClock.now + SecondsConversion.duration(options.waitTimeout)
        while true {
            guard let pending = try await attempt() else { return }
            if ContinuousClock.now >= deadline {
                throw failure(pending, SecondsConversion.milliseconds(options.waitTimeout) / 1000)
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
        return try client.view(nodes: replies[0], info: replies[1]).view
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
