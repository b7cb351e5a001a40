import RESP

extension ClusterOperator {
    /// The `cluster-node-timeout` values `set-timeout` accepts, in milliseconds: below 100 ms nodes
    /// flag each other failing on any pause (redis-cli refuses it too); above a day no failure is ever detected.
    public static let nodeTimeoutRange: ClosedRange<Int> = 100...86_400_000

    /// `set-timeout`: sets `cluster-node-timeout` on every node of the cluster, in parallel, and
    /// saves it with `CONFIG REWRITE` on each node started with a configuration file (`config_file`
    /// of `INFO server`); a node started without one keeps the value until it restarts, which the
    /// report says (not an error).
    ///
    /// As redis-cli, it sets what it can: a node that does not answer or refuses is an entry with
    /// its error in the report (``NodeTimeoutReport/failed``), after the others are set. A dry run
    /// reads every node and reports what each has and would get.
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - milliseconds: the new timeout, within ``nodeTimeoutRange``.
    /// - Throws: ``TribError`` `.invalidArgument` for a timeout out of range, or when `node` cannot be read.
    public func setNodeTimeout(_ node: NodeAddress, milliseconds: Int) async throws(TribError) -> NodeTimeoutReport {
        guard Self.nodeTimeoutRange.contains(milliseconds) else {
            throw TribError(
                .invalidArgument,
                "the node timeout must be from \(Self.nodeTimeoutRange.lowerBound) to \(Self.nodeTimeoutRange.upperBound) ms, not \(milliseconds)")
        }
        let snapshot = try await snapshot(of: node)
        let members = snapshot.topology.nodes.compactMap { member in
            member.address.map { Disagreement.NodeReference(id: member.id, address: $0) }
        }.filter { reference in
            guard let member = snapshot.topology.node(id: reference.id) else { return false }
            return !member.isInHandshake && !member.flags.contains(.noAddress)
        }.sorted { ($0.address?.description ?? "") < ($1.address?.description ?? "") }
        let dryRun = options.dryRun
        let entries = try await forEachNode(members.compactMap(\.address)) { trib, address throws(TribError) -> NodeTimeoutReport.Entry in
            let reference = members.first { $0.address == address } ?? Disagreement.NodeReference(id: "", address: address)
            do throws(TribError) {
                return try await trib.setNodeTimeout(on: reference, milliseconds: milliseconds, dryRun: dryRun)
            } catch {
                return NodeTimeoutReport.Entry(node: reference, previous: nil, current: nil, configFile: nil, persisted: false, error: error.message)
            }
        }
        return NodeTimeoutReport(milliseconds: milliseconds, nodes: entries, applied: !dryRun)
    }

    /// Reads, sets, saves and reads back one node's timeout.
    private func setNodeTimeout(on node: Disagreement.NodeReference, milliseconds: Int, dryRun: Bool) async throws(TribError) -> NodeTimeoutReport.Entry {
        guard let address = node.address else {
            throw TribError(.preconditionFailed, "node \(node.id) has no address")
        }
        let client = try await client(address)
        let previous = try await nodeTimeout(of: client)
        let configFile = try await client.info("server")["config_file"].flatMap { $0.isEmpty ? nil : $0 }
        guard !dryRun else {
            try await client.send("CONFIG", "SET", "cluster-node-timeout", String(milliseconds))
            if configFile != nil { try await client.send("CONFIG", "REWRITE") }
            return NodeTimeoutReport.Entry(node: node, previous: previous, current: milliseconds, configFile: configFile, persisted: false)
        }
        try await client.send("CONFIG", "SET", "cluster-node-timeout", String(milliseconds))
        var error: String?
        var persisted = false
        if let configFile {
            do throws(TribError) {
                try await client.send("CONFIG", "REWRITE")
                persisted = true
            } catch let failure {
                error = "set, but CONFIG REWRITE of \(configFile) failed: \(failure.message)"
            }
        }
        let current = try await nodeTimeout(of: client)
        return NodeTimeoutReport.Entry(node: node, previous: previous, current: current, configFile: configFile, persisted: persisted, error: error)
    }

    /// A node's `cluster-node-timeout`, in milliseconds.
    private func nodeTimeout(of client: NodeClient) async throws(TribError) -> Int {
        let text = try await client.settings(["cluster-node-timeout"])["cluster-node-timeout"]
        guard let text, let value = Int(text) else {
            throw TribError(.unexpectedReply, "CONFIG GET cluster-node-timeout returned \(text ?? "nothing")", node: client.address)
        }
        return value
    }
}
