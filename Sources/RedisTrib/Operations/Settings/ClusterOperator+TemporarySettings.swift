import RESP

extension ClusterOperator {
    /// Runs `body` with the settings of `plan` changed on `nodes` (``TemporarySettings``), and
    /// puts them back on every path: when `body` returns, throws, or the operation is stopped (the
    /// restore runs outside the stopped task). Before a node's first change, the values to put back
    /// are saved on the node itself (``SavedSettings``), so that a tool killed in between leaves a
    /// trace `check` reports and `fix` restores; a record an earlier, killed run left is taken over
    /// and restored too.
    ///
    /// A node that refuses `CONFIG` or `FUNCTION` (an ACL) keeps its settings, and the wait is the
    /// server's own. A dry run changes nothing.
    /// - Throws: what `body` throws; or, when `body` succeeded, ``TribError`` `.nodeError` naming the
    ///   nodes whose settings could not be put back (their record stays, for `fix`).
    func withTemporarySettings<T: Sendable>(
        on nodes: [NodeAddress],
        changing plan: TemporarySettings.Plan,
        _ body: () async throws(TribError) -> T
    ) async throws(TribError) -> T {
        guard !options.dryRun, !nodes.isEmpty else { return try await body() }
        let changed: [(NodeAddress, SavedSettings)?]
        do throws(TribError) {
            changed = try await forEachNode(nodes) { trib, address throws(TribError) in
                try await trib.changeTemporarily(address, plan: { current in plan.changes(for: address, current: current) })
            }
        } catch {
            // Some nodes may have been changed before another failed: put every record back.
            _ = await restoreDetached(nodes.map { ($0, nil) })
            throw error
        }
        let records = changed.compactMap { $0 }
        let result: Result<T, TribError>
        do throws(TribError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        let failures = await restoreDetached(records.map { ($0.0, $0.1) })
        switch result {
        case .success(let value):
            guard let first = failures.first else { return value }
            throw TribError(
                .nodeError,
                "the settings of " + failures.map { "\($0.node) (\($0.saved.summary)): \($0.reason)" }.joined(separator: "; ")
                    + " could not be put back; each node keeps their record, and `fix` restores them",
                node: first.node)
        case .failure(var error):
            if !failures.isEmpty {
                error.message +=
                    "; and the settings of " + failures.map { "\($0.node) (\($0.saved.summary))" }.joined(separator: ", ")
                    + " could not be put back: `fix` restores them"
            }
            throw error
        }
    }

    /// One node whose settings could not be put back.
    private struct RestoreFailure: Sendable {
        var node: NodeAddress
        var saved: SavedSettings
        var reason: String
    }

    /// Puts the records back, all nodes at once, in a task of its own so that a stop of the
    /// operation does not stop it. A node given without a record has its own record read first (a
    /// change that failed halfway).
    private func restoreDetached(_ records: [(NodeAddress, SavedSettings?)]) async -> [RestoreFailure] {
        let known = Dictionary(records.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        let work = Task.detached { [self] () async -> [RestoreFailure] in
            let outcomes = try? await forEachNode(records.map(\.0)) { trib, address throws(TribError) -> RestoreFailure? in
                var saved = known[address] ?? nil
                do throws(TribError) {
                    if saved == nil {
                        let client = try await trib.client(address)
                        let replies = try await client.pipeline([RedisCommand("CLUSTER", "MYID"), SavedSettings.listCommand])
                        guard let id = replies[0].string, !replies[0].isError else { return nil }
                        saved = SavedSettings.record(of: id, in: replies[1])
                    }
                    guard let saved else { return nil }
                    try await trib.restore(saved, on: address)
                    return nil
                } catch {
                    return saved.map { RestoreFailure(node: address, saved: $0, reason: error.message) }
                }
            }
            return (outcomes ?? []).compactMap { $0 }
        }
        return await work.value
    }

    /// Saves and changes one node's settings; `nil` when nothing was changed. A record a killed run
    /// left is kept as it is: it holds the values to go back to (the node may still have the ones
    /// that run set, which the plan then leaves alone).
    private func changeTemporarily(
        _ address: NodeAddress, plan: @Sendable ([String: String]) -> [TemporarySettings.Change]
    ) async throws(TribError) -> (NodeAddress, SavedSettings)? {
        let client = try await client(address)
        // Its id, its settings and its records, in one round trip.
        let replies = try await client.pipeline(
            [RedisCommand("CLUSTER", "MYID")] + TemporarySettings.names.map { RedisCommand("CONFIG", "GET", $0) } + [SavedSettings.listCommand])
        guard let id = replies[0].string, !replies[0].isError, !id.isEmpty else {
            throw TribError(.unexpectedReply, "CLUSTER MYID returned \(replies[0])", node: address)
        }
        let settingReplies = Array(replies[1...TemporarySettings.names.count])
        if let refusal = settingReplies.first(where: \.isError) {
            step("\(address) refused reading its settings (\(refusal.string ?? "an error")): the wait is the server's own")
            return nil
        }
        let earlier = SavedSettings.record(of: id, in: replies[TemporarySettings.names.count + 1])
        let changes = plan(NodeClient.settings(from: settingReplies))
        var saved = earlier ?? SavedSettings(nodeID: id, settings: [])
        for change in changes where !saved.settings.contains(where: { $0.name == change.name }) {
            saved.settings.append(SavedSettings.Setting(name: change.name, value: change.original))
        }
        guard !changes.isEmpty || earlier != nil else { return nil }
        if saved != earlier {
            let load = try await client.pipeline([RedisCommand("FUNCTION", "LOAD", "REPLACE", saved.libraryCode)])[0]
            if load.isError {
                step("\(address) refused FUNCTION LOAD (\(load.string ?? "an error")): its settings stay as they are, and the wait is the server's own")
                return nil
            }
        }
        guard !changes.isEmpty else { return (address, saved) }
        let set = try await client.pipeline([RedisCommand(["CONFIG", "SET"] + changes.flatMap { [$0.name, $0.temporary] })])[0]
        if set.isError {
            step("\(address) refused CONFIG SET (\(set.string ?? "an error")): its settings stay as they are, and the wait is the server's own")
            try await restore(saved, on: address)
            return nil
        }
        step("\(address): " + changes.map { "\($0.name) \($0.original) -> \($0.temporary)" }.joined(separator: ", ") + " while the tool waits")
        return (address, saved)
    }

    /// Puts `saved` back on the node at `address` and deletes its record.
    func restore(_ saved: SavedSettings, on address: NodeAddress) async throws(TribError) {
        let client = try await client(address)
        _ = try await client.pipelineChecked([
            RedisCommand(["CONFIG", "SET"] + saved.settings.flatMap { [$0.name, $0.value] }),
            RedisCommand("FUNCTION", "DELETE", saved.libraryName),
        ])
        step("\(address): " + saved.summary + " restored")
    }
}
