import RESP

extension ClusterOperator {
    /// Runs `body` with the settings of `plan` changed on `nodes` (``TemporarySettings``), and
    /// puts them back on every path: when `body` returns, throws, or the operation is stopped (the
    /// restore runs outside the stopped task). Before a node's first change, the values to put back
    /// are saved on the node itself (``SavedSettings``), so that a tool killed in between leaves a
    /// trace `check` reports and `fix` restores; a record an earlier, killed run left is taken over
    /// and restored too. While it waits, a connection named ``SavedSettings/markerName`` stays open
    /// on every changed node, so that `check` and `fix` tell its record from a killed run's; a record
    /// of another run that still runs is left to that run.
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
        let outcomes = await FanOut.map(nodes) { address -> Result<ChangedNode?, TribError> in
            do throws(TribError) {
                return .success(try await self.changeTemporarily(address, plan: { current in plan.changes(current: current, lowered: nodes.count) }))
            } catch {
                return .failure(error)
            }
        }
        var records: [ChangedNode] = []
        var failed: [(address: NodeAddress, error: TribError)] = []
        for (address, outcome) in zip(nodes, outcomes) {
            switch outcome {
            case .success(let record): records += record.map { [$0] } ?? []
            case .failure(let error): failed.append((address, error))
            }
        }
        if let first = failed.first {
            // The nodes changed before another failed, and the failed ones (which may be changed halfway): put back.
            _ = await restoreDetached(records.map { ($0.address, $0.saved) } + failed.map { ($0.address, nil) })
            for record in records {
                await record.marker?.close()
            }
            throw first.error
        }
        let result: Result<T, TribError>
        do throws(TribError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        let failures = await restoreDetached(records.map { ($0.address, $0.saved) })
        for record in records {
            await record.marker?.close()
        }
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

    /// One node whose settings were changed: the record to put back, and the connection that tells
    /// `check` the run still runs (`nil` when the node refused to name it).
    private struct ChangedNode: Sendable {
        var address: NodeAddress
        var saved: SavedSettings
        var marker: RedisConnection?
    }

    /// One node whose settings could not be put back.
    private struct RestoreFailure: Sendable {
        var node: NodeAddress
        var saved: SavedSettings
        var reason: String
    }

    /// Puts the records back, all nodes at once, in a task of its own so that a stop of the
    /// operation does not stop it. A node given without a record has its own record read first (a
    /// change that failed halfway), and put back only when this run made it.
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
                        saved = SavedSettings.record(of: id, in: replies[1]).flatMap { $0.holder == trib.leases.holder ? $0 : nil }
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
    /// left is taken over: it holds the values to go back to (the node may still have the ones
    /// that run set, which the plan then leaves alone). A record of a run that still runs is left
    /// to it, and so is the node.
    private func changeTemporarily(
        _ address: NodeAddress, plan: @Sendable ([String: String]) -> [TemporarySettings.Change]
    ) async throws(TribError) -> ChangedNode? {
        let client = try await client(address)
        // Its id, its settings, its records and its clients (for a record's marker), in one round trip.
        let replies = try await client.pipeline(
            [RedisCommand("CLUSTER", "MYID")] + TemporarySettings.names.map { RedisCommand("CONFIG", "GET", $0) }
                + [SavedSettings.listCommand, SavedSettings.clientListCommand])
        guard let id = replies[0].string, !replies[0].isError, !id.isEmpty else {
            throw TribError(.unexpectedReply, "CLUSTER MYID returned \(replies[0])", node: address)
        }
        let settingReplies = Array(replies[1...TemporarySettings.names.count])
        if let refusal = settingReplies.first(where: \.isError) {
            step("\(address) refused reading its settings (\(refusal.string ?? "an error")): the wait is the server's own")
            return nil
        }
        let earlier = SavedSettings.record(of: id, in: replies[TemporarySettings.names.count + 1])
        if let earlier, earlier.holder != leases.holder, earlier.isHeld(clientList: replies[TemporarySettings.names.count + 2]) {
            step("\(address): another redis-trib run (\(earlier.holder ?? "?")) has changed its settings while it waits; left to it")
            return nil
        }
        let changes = plan(NodeClient.settings(from: settingReplies))
        var saved = SavedSettings(nodeID: id, settings: earlier?.settings ?? [], holder: leases.holder)
        for change in changes where !saved.settings.contains(where: { $0.name == change.name }) {
            saved.settings.append(SavedSettings.Setting(name: change.name, value: change.original))
        }
        guard !changes.isEmpty || earlier != nil else { return nil }
        let marker = await openMarker(saved, on: address)
        do throws(TribError) {
            return try await change(address, on: client, saving: saved, over: earlier, changes: changes, marker: marker)
        } catch {
            await marker?.close()
            throw error
        }
    }

    /// Writes the record (unless it is `earlier`) and makes the changes; `nil` when the node
    /// refused either, with its settings as they were.
    private func change(
        _ address: NodeAddress, on client: NodeClient, saving saved: SavedSettings, over earlier: SavedSettings?,
        changes: [TemporarySettings.Change], marker: RedisConnection?
    ) async throws(TribError) -> ChangedNode? {
        if saved != earlier {
            let load = try await client.pipeline([RedisCommand("FUNCTION", "LOAD", "REPLACE", saved.libraryCode)])[0]
            if load.isError {
                await marker?.close()
                step("\(address) refused FUNCTION LOAD (\(load.string ?? "an error")): its settings stay as they are, and the wait is the server's own")
                return nil
            }
        }
        guard !changes.isEmpty else { return ChangedNode(address: address, saved: saved, marker: marker) }
        let set = try await client.pipeline([RedisCommand(["CONFIG", "SET"] + changes.flatMap { [$0.name, $0.temporary] })])[0]
        if set.isError {
            step("\(address) refused CONFIG SET (\(set.string ?? "an error")): its settings stay as they are, and the wait is the server's own")
            try await restore(saved, on: address)
            await marker?.close()
            return nil
        }
        step("\(address): " + changes.map { "\($0.name) \($0.original) -> \($0.temporary)" }.joined(separator: ", ") + " while the tool waits")
        return ChangedNode(address: address, saved: saved, marker: marker)
    }

    /// Opens the connection that tells `check` and `fix` the run that made `saved` still runs
    /// (``SavedSettings/markerName``); `nil` when it cannot be opened or named (an ACL that
    /// refuses `CLIENT SETNAME`): the record then looks like a killed run's until it is put back.
    private func openMarker(_ saved: SavedSettings, on address: NodeAddress) async -> RedisConnection? {
        guard let name = saved.markerName, let connection = try? await pool.endpoints.open(address, options: pool.options) else { return nil }
        guard let reply = try? await connection.send("CLIENT", "SETNAME", name), !reply.isError else {
            await connection.close()
            return nil
        }
        return connection
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
