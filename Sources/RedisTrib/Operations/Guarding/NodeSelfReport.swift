import RESP

/// What one node says of itself, read in one round trip: its own `CLUSTER NODES` line (the only
/// place its open slots show) and the Valkey atomic migration jobs it takes part in.
struct NodeSelfReport: Sendable {
    /// Its own entry, with the address it was reached at when it does not know its own.
    var view: ClusterNode
    /// Its view of the whole cluster (`CLUSTER NODES`).
    var cluster: ClusterTopology
    /// Its `CLUSTER GETSLOTMIGRATIONS` jobs, finished ones included; none on servers without it.
    var jobs: [SlotMigrationJob]

    /// The jobs still running in `reports`, each once (both sides list a job), as phrases naming
    /// the slots and the nodes by their addresses in `snapshot`.
    static func runningJobs(in reports: [NodeSelfReport], names snapshot: ClusterSnapshot) -> [String] {
        var seen = Set<String>()
        var running: [String] = []
        for job in reports.flatMap(\.jobs) where !job.isFinished && seen.insert(job.name).inserted {
            running.append(
                "slot(s) \(job.slots) atomically migrating from \(snapshot.name(of: job.sourceID)) to \(snapshot.name(of: job.targetID)) "
                    + "(job \(job.name.prefix(8)), \(job.state))"
            )
        }
        return running
    }
}

extension ClusterOperator {
    /// Each node's report of itself, asked in parallel.
    ///
    /// - Parameter skippingSilent: a node that cannot be reached gives `nil` instead of failing the call.
    /// - Throws: ``TribError`` when a node cannot be reached (unless skipped) or its reply does not parse.
    func selfReports(_ addresses: [NodeAddress], skippingSilent: Bool = false) async throws(TribError) -> [NodeSelfReport?] {
        try await forEachNode(addresses) { trib, address throws(TribError) -> NodeSelfReport? in
            do throws(TribError) {
                let client = try await trib.client(address)
                let replies = try await client.pipeline([RedisCommand("CLUSTER", "NODES"), RedisCommand("CLUSTER", "GETSLOTMIGRATIONS")])
                if replies[0].isError {
                    throw TribError(.nodeError, "CLUSTER NODES failed: \(replies[0].string ?? "")", node: address)
                }
                let cluster = try client.topology(from: replies[0])
                var view = cluster.myself ?? ClusterNode(id: "", address: address, flags: [.myself])
                if view.address == nil {
                    view.address = address
                }
                return NodeSelfReport(view: view, cluster: cluster, jobs: replies[1].isError ? [] : SlotMigrationJob.list(replies[1]))
            } catch  where skippingSilent && error.code == .nodeError {
                return nil
            }
        }
    }
}
