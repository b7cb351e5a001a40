import RESP

extension ClusterCheck {
    /// Seconds a replica may go without acknowledging its master's stream before `check` warns
    /// that it lags (replicas acknowledge every second).
    public static let replicaLagWarningSeconds = 5

    /// Nodes that answer `cluster_state:fail`: they refuse their clients' commands.
    static func failingStates(_ views: [NodeView]) -> [CheckFinding] {
        let failing = views.filter { $0.clusterState != "ok" }
        guard !failing.isEmpty else { return [] }
        let states = Set(failing.map(\.clusterState))
        let state = states.count == 1 ? failing[0].clusterState : "not ok"
        return [
            CheckFinding(
                .clusterStateFail,
                "\(listed(failing.map(\.address))) \(failing.count == 1 ? "reports" : "report") cluster_state:\(state), "
                    + "so \(failing.count == 1 ? "it refuses" : "they refuse") clients' commands",
                nodes: failing.map(viewer))
        ]
    }

    /// Nodes whose settings a killed tool changed and did not put back, and nodes whose settings a
    /// run that still runs has changed while it waits.
    static func unrestoredSettings(_ health: [NodeHealth]) -> [CheckFinding] {
        health.compactMap { node in
            node.savedSettings.map { saved in
                guard !node.savedSettingsInUse else {
                    return CheckFinding(
                        .settingsInUse,
                        "\(node.node) has settings a running redis-trib (\(saved.holder ?? "?")) changed while it waits; "
                            + "it puts them back when it ends (to \(saved.summary)), and `fix` leaves them to it",
                        nodes: [node.node])
                }
                return CheckFinding(
                    .settingsNotRestored,
                    "\(node.node) keeps settings a redis-trib run changed while it waited and was stopped before it put them back "
                        + "(the values to restore: \(saved.summary); recorded in its function library \(saved.libraryName)): "
                        + "`fix` restores them",
                    nodes: [node.node])
            }
        }
    }

    /// Valkey atomic slot migration jobs still running, each once (both sides list a job).
    static func runningJobs(_ health: [NodeHealth], directory: NodeDirectory) -> [CheckFinding] {
        var seen: Set<String> = []
        return health.flatMap(\.jobs).filter { !$0.isFinished && seen.insert($0.name).inserted }.map { job in
            let source = directory.reference(to: job.sourceID)
            let target = directory.reference(to: job.targetID)
            return CheckFinding(
                .atomicMigrationRunning,
                "\(phrase(job.slots)) \(job.slots.count == 1 ? "is" : "are") migrating atomically from \(source) to \(target) "
                    + "(job \(job.name.prefix(8)), \(job.state))",
                nodes: [source, target], slots: job.slots)
        }
    }

    /// Replicas whose link to their master is down (a warning while their first sync runs), and
    /// replicas their master says lag behind.
    static func replicaLinks(_ health: [NodeHealth], views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var own: [String: ClusterNode] = [:]
        var replicasOf: [String: [ClusterNode]] = [:]
        for view in views {
            guard let myself = view.topology.myself else { continue }
            own[myself.id] = myself
            for node in view.topology.nodes where node.isReplica {
                if let master = node.masterID, !(replicasOf[master] ?? []).contains(where: { $0.id == node.id }) {
                    replicasOf[master, default: []].append(node)
                }
            }
        }
        var findings: [CheckFinding] = []
        for node in health where node.masterLinkUp == false {
            let master = own[node.node.id]?.masterID.map { directory.reference(to: $0) }
            let named = master.map(String.init(describing:)) ?? "an unknown master"
            findings.append(
                CheckFinding(
                    node.syncInProgress ? .replicaSyncing : .replicaLinkDown,
                    node.syncInProgress
                        ? "\(node.node) is a replica of \(named) and still syncing from it: its link is not up yet"
                        : "\(node.node) is a replica of \(named) and its link to it is down",
                    nodes: [node.node] + (master.map { [$0] } ?? [])))
        }
        for master in health {
            let replicas = replicasOf[master.node.id] ?? []
            for lag in master.replicaLags where lag.seconds >= replicaLagWarningSeconds {
                // The master sees the replica at the IP of its connection: matched by address, else by port.
                let replica =
                    replicas.first { $0.address == lag.address } ?? replicas.first { $0.address?.port == lag.address.port }
                let reference = replica.map { directory.reference(to: $0.id) } ?? Disagreement.NodeReference(id: "", address: lag.address)
                findings.append(
                    CheckFinding(
                        .replicaLagging,
                        "\(replica == nil ? "\(lag.address)" : "\(reference)") is a replica of \(master.node) and has not acknowledged "
                            + "its stream for \(lag.seconds) seconds",
                        nodes: [reference, master.node]))
            }
        }
        return findings
    }

    /// Nodes in different epoch spaces: gossip gives every node of one cluster the same current
    /// epoch within moments, so nodes that keep different ones do not hear each other, or one of
    /// them came from another cluster. Which nodes report which epoch, the highest first.
    static func epochSpaces(_ health: [NodeHealth]) -> [CheckFinding] {
        var nodesByEpoch: [UInt64: [Disagreement.NodeReference]] = [:]
        for node in health {
            guard let epoch = node.currentEpoch else { continue }
            nodesByEpoch[epoch, default: []].append(node.node)
        }
        guard nodesByEpoch.count > 1 else { return [] }
        let epochs = nodesByEpoch.keys.sorted(by: >)
        let groups = epochs.map { epoch in
            "\(epoch) on " + (nodesByEpoch[epoch] ?? []).map(\.description).joined(separator: ", ")
        }
        return [
            CheckFinding(
                .currentEpochDiffers,
                "the nodes report different current epochs (as after a failover, for a moment; kept, they do not hear each other "
                    + "or come from another cluster): " + groups.joined(separator: "; "),
                nodes: epochs.flatMap { nodesByEpoch[$0] ?? [] })
        ]
    }

    /// Masters that share a config epoch in their own lines: until the servers settle it, a
    /// failover may let the wrong one win a slot.
    static func epochCollisions(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var order: [UInt64] = []
        var mastersByEpoch: [UInt64: [Disagreement.NodeReference]] = [:]
        for view in views {
            guard let myself = view.topology.myself, myself.isMaster, myself.configEpoch > 0 else { continue }
            if mastersByEpoch[myself.configEpoch] == nil {
                order.append(myself.configEpoch)
            }
            mastersByEpoch[myself.configEpoch, default: []].append(directory.reference(to: myself, in: view))
        }
        return order.compactMap { epoch in
            guard let masters = mastersByEpoch[epoch], masters.count > 1 else { return nil }
            return CheckFinding(
                .configEpochCollision,
                masters.map(\.description).joined(separator: ", ") + " share config epoch \(epoch); until the nodes settle it, "
                    + "a failover may give a slot to the wrong one",
                nodes: masters)
        }
    }
}
