import RESP

extension ClusterOperator {
    /// Polls every live node the seed knows until all agree on the slot map, the members and the
    /// replicas, no slot is open, and each reports `cluster_state:ok`.
    ///
    /// - Parameter requireStateOK: `false` while a cluster is expected not to serve every slot yet.
    /// - Throws: ``TribError`` `.notConverged`, saying which nodes disagree and how, after ``OperationOptions/waitTimeout``.
    func waitForAgreement(from seed: NodeAddress, requireStateOK: Bool = true) async throws(TribError) {
        // A dry run changed nothing, so there is nothing to wait for.
        guard !options.dryRun else { return }
        let deadline = ContinuousClock.now + .milliseconds(Int(options.waitTimeout * 1000))
        var last: String = "no answer yet"
        while true {
            do throws(TribError) {
                let views = try await collectViews(from: seed)
                guard let disagreement = ClusterAgreement.check(views, requireStateOK: requireStateOK) else { return }
                last = disagreement.description
            } catch {
                last = error.description
            }
            if ContinuousClock.now >= deadline {
                throw TribError(
                    .notConverged,
                    "the cluster did not agree within \(Int(options.waitTimeout)) s: \(last)",
                    node: seed
                )
            }
            try checkCancellation()
            try? await Task.sleep(for: .milliseconds(Int(options.pollInterval * 1000)))
        }
    }

    /// Polls until every live node of the seed's cluster knows `newNode` (not in handshake), and it knows them.
    ///
    /// - Throws: ``TribError`` `.notConverged`, naming the nodes that do not know it yet.
    func waitForMembership(of newNode: NodeAddress, in seed: NodeAddress) async throws(TribError) {
        guard !options.dryRun else { return }
        let newID = try await client(newNode).myID()
        let deadline = ContinuousClock.now + .milliseconds(Int(options.waitTimeout * 1000))
        var strangers: [String] = []
        while true {
            let addresses = try await snapshot(of: seed).liveNodes.compactMap(\.address)
            let known = try await forEachNode(addresses) { trib, address throws(TribError) -> Bool in
                let node = try await trib.snapshot(of: address).topology.node(id: newID)
                return node != nil && node?.isInHandshake == false
            }
            strangers = zip(addresses, known).filter { !$0.1 }.map(\.0.description)
            if strangers.isEmpty { return }
            if ContinuousClock.now >= deadline {
                throw TribError(
                    .notConverged,
                    "\(newNode) was not known to every node within \(Int(options.waitTimeout)) s: "
                        + strangers.joined(separator: ", ") + " do not know it",
                    node: newNode
                )
            }
            try checkCancellation()
            try? await Task.sleep(for: .milliseconds(Int(options.pollInterval * 1000)))
        }
    }

    /// The view of every live node known to the seed, read in parallel.
    func collectViews(from seed: NodeAddress) async throws(TribError) -> [NodeView] {
        let snapshot = try await snapshot(of: seed)
        let addresses = snapshot.liveNodes.compactMap(\.address)
        return try await forEachNode(addresses) { operator_, address throws(TribError) in
            let view = try await operator_.snapshot(of: address)
            let state = try await operator_.client(address).clusterInfo()["cluster_state"] ?? "unknown"
            return NodeView(address: address, topology: view.topology, clusterState: state)
        }
    }

    /// Runs `body` for every address in parallel and returns the results in the order given; the first error is thrown.
    func forEachNode<T: Sendable>(
        _ addresses: [NodeAddress],
        _ body: @escaping @Sendable (ClusterOperator, NodeAddress) async throws(TribError) -> T
    ) async throws(TribError) -> [T] {
        let results = await withTaskGroup(of: (Int, Result<T, TribError>).self) { group in
            for (index, address) in addresses.enumerated() {
                group.addTask {
                    do throws(TribError) {
                        return (index, .success(try await body(self, address)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [(Int, Result<T, TribError>)]()
            for await result in group {
                results.append(result)
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return try results.map { result throws(TribError) in try result.get() }
    }
}
