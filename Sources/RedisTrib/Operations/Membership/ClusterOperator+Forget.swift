import RESP

extension ClusterOperator {
    /// How long one round of `CLUSTER FORGET` may take before it is sent again: a node forgets
    /// another for 60 seconds only, after which gossip from a node not yet told brings it back, so
    /// every node must be told within one such window.
    public static let forgetResendAfter: Duration = .seconds(50)
    /// How long the live nodes are polled, after they were told, for any that still lists the node.
    static let forgetCheckWindow: Duration = .seconds(5)

    /// `forget`: every live node of the cluster forgets a node that is gone (redis-cli's
    /// `del-node` for a node that cannot be reached), by `CLUSTER FORGET`, in parallel; then no
    /// live node may list it.
    ///
    /// Refuses, before sending anything, when the node still owns slots (hand them to a live
    /// master first), has replicas (they must replicate another master, or be forgotten first when
    /// they are gone too), is `cluster` itself, or still answers with its id (it is alive: `quit`
    /// removes it properly; `--force` forgets it anyway). Slots in migration, and a live node that
    /// cannot be read, refuse too, unless `--force`.
    /// A round that takes longer than ``forgetResendAfter`` is sent again, so that no node's
    /// 60-second ban runs out before the last node is told.
    ///
    /// - Parameters:
    ///   - cluster: any live node of the cluster.
    ///   - nodeID: the node to forget, by its whole id or a unique prefix of at least 8 hex digits.
    /// - Returns: the node, the nodes told and how many rounds it took.
    /// - Throws: ``TribError`` `.invalidArgument` for an id that names no node or several, or names
    ///   `cluster`; `.preconditionFailed` for the refusals above; `.notConverged` naming the nodes
    ///   that still list it after 5 seconds of polling, or that could not be told.
    @discardableResult
    public func forget(cluster: NodeAddress, nodeID: String) async throws(TribError) -> ForgetResult {
        let reference = try NodeReference(parsing: nodeID)
        let snapshot = try await snapshot(of: cluster)
        let (views, unread) = try await liveViews(of: snapshot)
        let node = try reference.match(in: Self.everyNode(in: views), of: cluster)
        try requireReadable(unread, except: node.id, seed: cluster)
        let name = "\(node.id)" + (node.address.map { " (\($0))" } ?? "")
        guard node.id != snapshot.myself.id else {
            throw TribError(
                .invalidArgument,
                "\(name) is \(cluster) itself, the node given as the cluster; name a node of the cluster other than it, or use `quit \(cluster)`",
                node: cluster
            )
        }
        for view in views {
            try requireForgettable(node.id, named: name, in: view, seed: cluster)
        }
        // The node may not answer, and the cluster may not have flagged it failed yet: only the others are asked.
        var others = snapshot
        others.topology.nodes.removeAll { $0.id == node.id }
        try await requireNoOpenSlots(others)
        let alive = await answers(node)
        if alive {
            guard options.force else {
                throw TribError(
                    .preconditionFailed,
                    "\(name) still answers: it is alive, and would come back by gossip; remove it with `quit \(node.address?.description ?? node.id)` "
                        + "instead (--force forgets it anyway)",
                    node: node.address
                )
            }
            step("--force: forgetting \(name) although it answers; it comes back once the 60-second ban ends unless it is stopped or reset")
        }
        let told = others.liveNodes.compactMap(\.address)
        let rounds = try await tellToForget(node.id, name: name, nodes: told)
        try await requireForgotten(node.id, name: name, by: told)
        return ForgetResult(nodeID: node.id, address: node.address, toldNodes: told, rounds: rounds, wasAlive: alive)
    }

    /// What every live node the seed knows lists, those that answer: a node forgotten by some of
    /// them (an earlier run cut short, or a node that came back and met some of them again) is
    /// found, and refused or forgotten, wherever it is still listed. Also the live nodes that could
    /// not be read, by ID, with why.
    private func liveViews(of snapshot: ClusterSnapshot) async throws(TribError) -> (views: [ClusterTopology], unread: [String: String]) {
        let others = snapshot.liveNodes.filter { !$0.isMyself }
        let views = try await forEachNode(others.compactMap(\.address)) { trib, address throws(TribError) -> Result<ClusterTopology, TribError> in
            do throws(TribError) {
                return .success(try await trib.snapshot(of: address).topology)
            } catch {
                return .failure(error)
            }
        }
        var read: [ClusterTopology] = [snapshot.topology]
        var unread: [String: String] = [:]
        for (node, view) in zip(others, views) {
            switch view {
            case .success(let topology): read.append(topology)
            case .failure(let error): unread[node.id] = "\(node.address?.description ?? node.id) (\(error.message))"
            }
        }
        return (read, unread)
    }

    /// Refuses when a live node other than the one to forget could not be read (unless `--force`):
    /// its view, unseen, may still give the node slots or replicas, and it could not be told either.
    private func requireReadable(_ unread: [String: String], except id: String, seed: NodeAddress) throws(TribError) {
        let others = unread.filter { $0.key != id }.values.sorted()
        guard !others.isEmpty, !options.force else { return }
        throw TribError(
            .preconditionFailed,
            "forget changed nothing: live node(s) \(others.joined(separator: ", ")) could not be read, so what they list is unknown "
                + "and they could not be told; retry once they answer (--force goes on without them)",
            node: seed
        )
    }

    /// Every node the views list, once, as the first view that lists it has it.
    private static func everyNode(in views: [ClusterTopology]) -> [ClusterNode] {
        var seen = Set<String>()
        return views.flatMap(\.nodes).filter { seen.insert($0.id).inserted }
    }

    /// Refuses a node that, in `view`, still owns slots or has replicas.
    private func requireForgettable(_ id: String, named name: String, in view: ClusterTopology, seed: NodeAddress) throws(TribError) {
        let viewer = view.myself?.address?.description ?? seed.description
        if let node = view.node(id: id), !node.slots.isEmpty {
            throw TribError(
                .preconditionFailed,
                "\(name) still owns slot(s) \(node.slots) (as \(viewer) sees it); a forgotten owner would leave them unserved: hand them to "
                    + "a live master first (`rescue \(seed) FREE_NODE` for a dead master's slots)",
                node: seed
            )
        }
        let replicas = view.replicas(of: id)
        guard replicas.isEmpty else {
            let live = replicas.filter { !$0.isFailed }.map { $0.address?.description ?? $0.id }
            let dead = replicas.filter(\.isFailed).map(\.id)
            var advice: [String] = []
            if !live.isEmpty {
                advice.append(
                    "live replica(s) \(live.joined(separator: ", ")) still follow it: make each replicate another master (CLUSTER REPLICATE) "
                        + "or `quit` it first"
                )
            }
            if !dead.isEmpty {
                advice.append("dead replica(s) \(dead.joined(separator: ", ")) still follow it: forget each first (`forget \(seed) ID`)")
            }
            throw TribError(
                .preconditionFailed, "\(name) is a master with replicas (as \(viewer) sees it); " + advice.joined(separator: "; "), node: seed)
        }
    }

    /// Whether the node answers at its address with its own id (another node now at that address does not count).
    func answers(_ node: ClusterNode) async -> Bool {
        guard let address = node.address else { return false }
        do throws(TribError) {
            return try await client(address).myID() == node.id
        } catch {
            return false
        }
    }

    /// Sends `CLUSTER FORGET` to every node in parallel, again while a round outlasts
    /// ``forgetResendAfter`` (three rounds at most: a cluster that slow has a problem a fourth will
    /// not solve); returns how many rounds it took.
    ///
    /// - Throws: ``TribError`` `.notConverged` naming the nodes that refused or could not be reached.
    private func tellToForget(_ id: String, name: String, nodes: [NodeAddress]) async throws(TribError) -> Int {
        step("every live node (\(nodes.count)) forgets \(name)")
        var rounds = 0
        var failures: [String] = []
        while true {
            rounds += 1
            let start = ContinuousClock.now
            let outcomes = try await forEachNode(nodes) { trib, address throws(TribError) -> String? in
                do throws(TribError) {
                    let reply = try await trib.client(address).pipeline([RedisCommand("CLUSTER", "FORGET", id)])[0]
                    // A node that forgot it already (an earlier round, or gossip) says so: that is what was asked.
                    guard reply.isError, !(reply.string ?? "").lowercased().contains("unknown node") else { return nil }
                    return "\(address) answered \(reply.string ?? "an error")"
                } catch {
                    return "\(address): \(error.message)"
                }
            }
            failures = outcomes.compactMap { $0 }
            guard ContinuousClock.now - start > Self.forgetResendAfter, rounds < 3 else { break }
            step("that round took longer than \(Self.forgetResendAfter): telling every node again, within the 60-second ban")
        }
        guard failures.isEmpty else {
            throw TribError(
                .notConverged,
                "not every live node forgot \(name): \(failures.joined(separator: "; ")); run forget again within 60 s, or the others take it back by gossip"
            )
        }
        return rounds
    }

    /// Polls the nodes told until none lists the node, for ``forgetCheckWindow``.
    ///
    /// - Throws: ``TribError`` `.notConverged` naming every node that still lists it.
    private func requireForgotten(_ id: String, name: String, by nodes: [NodeAddress]) async throws(TribError) {
        // A dry run sent nothing, so every node still lists it.
        guard !options.dryRun else { return }
        let deadline = ContinuousClock.now + Self.forgetCheckWindow
        while true {
            let listing = try await forEachNode(nodes) { trib, address throws(TribError) -> NodeAddress? in
                do throws(TribError) {
                    return try await trib.snapshot(of: address).topology.node(id: id) == nil ? nil : address
                } catch {
                    return address
                }
            }.compactMap { $0 }
            if listing.isEmpty { return }
            if ContinuousClock.now >= deadline {
                throw TribError(
                    .notConverged,
                    "\(listing.map(\.description).joined(separator: ", ")) still list(s) \(name) after it was told to forget it",
                    node: listing[0]
                )
            }
            try checkCancellation()
            try? await Task.sleep(for: SecondsConversion.duration(options.pollInterval))
        }
    }
}
