import Foundation
import RESP

extension ClusterOperator {
    /// `import`: every key of a standalone server, all its databases, moved (or with `copy`
    /// copied) into the cluster of `node`, each to the master that owns its slot, with its TTL.
    ///
    /// Keys are read with `SCAN`, `DUMP` and `PTTL` and written with `RESTORE` on their owner,
    /// a batch (``OperationOptions/keysPerBatch``) at a time in one pipeline each; redis-trib
    /// carries them rather than the source's `MIGRATE`, so that the source needs no route to
    /// the cluster nor its credentials, and each key is compared before it is written. Without
    /// `copy` each batch is deleted from the source once its owners answered every `RESTORE`.
    ///
    /// Before any change a first pass reads every key: a key the cluster holds with the same
    /// value is not a conflict (it is skipped), one it holds with another value stops the import
    /// unless ``OperationOptions/replaceBusyKeys`` (`--replace`). A dry run stops after that pass
    /// and reports what it found. Progress is reported as ``OperationEvent/progress(_:)`` by keys.
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - source: the standalone server.
    ///   - sourceUsername: the ACL user of the source; `sourcePassword` its password (none when `nil`).
    ///   - copy: leave the keys on the source.
    /// - Throws: ``TribError`` before any change: `.preconditionFailed` when the source is a cluster
    ///   node, the cluster has uncovered slots, failing masters or open slots, or the source has keys
    ///   in a database the cluster does not have; `.busyKeys` naming the node and key of a conflict.
    public func importKeys(
        into node: NodeAddress, from source: NodeAddress, sourceUsername: String? = nil, sourcePassword: String? = nil, copy: Bool = false
    ) async throws(TribError) -> ImportReport {
        let snapshot = try await snapshot(of: node)
        let (owners, masters) = try importTargets(snapshot)
        try await requireNoOpenSlots(snapshot)
        var sourceOptions = options.connection
        sourceOptions.username = sourceUsername
        sourceOptions.password = sourcePassword
        let databases = try await sourceDatabases(source, options: sourceOptions)
        let clusterDatabases =
            try await forEachNode(Array(masters.keys)) { trib, address throws(TribError) in
                try await trib.client(address).clusterDatabases()
            }.min() ?? 1
        if let (database, keys) = databases.first(where: { $0.key >= clusterDatabases }) {
            let have = clusterDatabases == 1 ? "database 0 only" : "databases 0 to \(clusterDatabases - 1) (cluster-databases)"
            throw TribError(
                .preconditionFailed, "\(source) has \(keys) key(s) in database \(database), and the cluster of \(node) has \(have)", node: source)
        }
        let replace = options.replaceBusyKeys
        let run = KeyImport(
            trib: self, source: source, sourceOptions: sourceOptions, owners: owners, masters: masters, copy: copy, replace: replace,
            batch: max(1, min(options.keysPerBatch, 10_000)))
        var planned: [Int: KeyImport.Tally] = [:]
        for database in databases.keys.sorted() {
            step("reading database \(database) of \(source) (\(databases[database] ?? 0) key(s))")
            var tally = KeyImport.Tally()
            try await run.plan(database: database, into: &tally)
            planned[database] = tally
        }
        let plan = Self.importReport(planned, run: run, applied: false)
        if options.dryRun {
            return plan
        }
        if plan.isBlocked, let first = plan.conflicts.first {
            throw TribError(
                .busyKeys,
                "key \(RESPValue.quoted(first.key)) of database \(first.database) exists on \(first.node) with another value"
                    + (plan.conflictCount > 1 ? " (and \(plan.conflictCount - 1) more key(s))" : "")
                    + "; nothing was imported; --replace overwrites them",
                node: first.node.address)
        }
        let total = plan.keys
        let start = ContinuousClock.now
        var done: [Int: KeyImport.Tally] = [:]
        var before = 0
        for database in databases.keys.sorted() {
            step("importing database \(database) of \(source)")
            var tally = KeyImport.Tally()
            try await run.run(database: database, into: &tally) { keys in
                let (seconds, attoseconds) = (ContinuousClock.now - start).components
                let elapsed = Double(seconds) + Double(attoseconds) / 1e18
                report(
                    .progress(MigrationProgress(slotsDone: 0, slotsTotal: 0, keysMoved: before + keys, keysTotal: max(total, before + keys), elapsed: elapsed)))
            }
            before += tally.keys
            done[database] = tally
        }
        // A step ends the progress bar's line.
        step("imported \(before) key(s) from \(source)")
        var result = Self.importReport(done, run: run, applied: true)
        result.conflicts = plan.conflicts
        result.conflictCount = plan.conflictCount
        return result
    }

    /// The owner of every slot and the masters that own them.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` for uncovered slots or a failing owner.
    private func importTargets(_ snapshot: ClusterSnapshot) throws(TribError) -> ([NodeAddress], [NodeAddress: Disagreement.NodeReference]) {
        var owners = [NodeAddress?](repeating: nil, count: HashSlot.count)
        var masters: [NodeAddress: Disagreement.NodeReference] = [:]
        for master in snapshot.topology.nodes where master.isMaster && !master.slots.isEmpty {
            if master.isFailed {
                throw TribError(
                    .preconditionFailed, "master \(master.address?.description ?? master.id) is failing: its slots cannot take keys", node: snapshot.seed)
            }
            let address = try snapshot.address(of: master)
            masters[address] = Disagreement.NodeReference(id: master.id, address: address)
            for slot in master.slots {
                owners[slot.intValue] = address
            }
        }
        let uncovered = SlotSet((0..<HashSlot.count).filter { owners[$0] == nil }.map { HashSlot(uncheckedValue: UInt16($0)) })
        guard uncovered.isEmpty else {
            throw TribError(
                .preconditionFailed, "the cluster of \(snapshot.seed) does not cover slots \(uncovered): run `fix` first", node: snapshot.seed)
        }
        return (owners.compactMap { $0 }, masters)
    }

    /// The databases of a standalone server that hold keys, with their key counts.
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` when it is a cluster node.
    private func sourceDatabases(_ source: NodeAddress, options sourceOptions: ConnectionOptions) async throws(TribError) -> [Int: Int] {
        let connection = try await RedisConnection.open(to: source, options: sourceOptions)
        let client = client(source, on: connection)
        do throws(TribError) {
            if try await client.info("cluster")["cluster_enabled"] == "1" {
                throw TribError(
                    .preconditionFailed, "\(source) is a cluster node; import reads a standalone server (cluster-enabled no)", node: source)
            }
            var databases: [Int: Int] = [:]
            for (name, value) in try await client.info("keyspace") where name.hasPrefix("db") {
                guard let database = Int(name.dropFirst(2)),
                    let field = value.split(separator: ",").first(where: { $0.hasPrefix("keys=") }), let keys = Int(field.dropFirst(5))
                else {
                    throw TribError(.unexpectedReply, "INFO keyspace has '\(name):\(value)'", node: source)
                }
                if keys > 0 { databases[database] = keys }
            }
            await connection.close()
            return databases
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func importReport(_ tallies: [Int: KeyImport.Tally], run: KeyImport, applied: Bool) -> ImportReport {
        var byMaster: [Disagreement.NodeReference: Int] = [:]
        for tally in tallies.values {
            for (address, keys) in tally.byMaster {
                byMaster[run.reference(address), default: 0] += keys
            }
        }
        let conflicts = tallies.keys.sorted().flatMap { tallies[$0]?.conflicts ?? [] }
        return ImportReport(
            source: run.source, copy: run.copy, replace: run.replace, applied: applied, keysByDatabase: tallies.mapValues(\.keys),
            keysByMaster: byMaster, skippedEqual: tallies.values.reduce(0) { $0 + $1.equal },
            conflicts: Array(conflicts.prefix(ImportReport.listedConflicts)), conflictCount: tallies.values.reduce(0) { $0 + $1.conflictCount },
            changedOnSource: tallies.values.reduce(0) { $0 + $1.changedOnSource })
    }
}
