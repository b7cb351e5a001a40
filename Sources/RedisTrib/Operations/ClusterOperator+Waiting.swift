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

    /// The view of every live node known to the seed, read in parallel.
    func collectViews(from seed: NodeAddress) async throws(TribError) -> [NodeView] {
        let snapshot = try await snapshot(of: seed)
        let addresses = snapshot.liveNodes.compactMap(\.address)
        return try await forEachNode(addresses) { trib, address throws(TribError) in
            let view = try await trib.snapshot(of: address)
            let state = try await trib.client(address).clusterInfo()["cluster_state"] ?? "unknown"
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
