import NIOCore
import RESP

/// One run of `import`: where each slot's keys go, and the two passes over the source, the plan
/// (what would be imported, what the cluster holds already) and the import itself.
struct KeyImport: Sendable {
    let trib: ClusterOperator
    let source: NodeAddress
    let sourceOptions: ConnectionOptions
    /// The master that owns each slot.
    let owners: [NodeAddress]
    /// Each master by address.
    let masters: [NodeAddress: Disagreement.NodeReference]
    let copy: Bool
    let replace: Bool
    /// Keys per `SCAN` and per pipeline.
    let batch: Int

    /// The clients of one database: the source's and each master's, each on a connection of its own.
    struct Clients: Sendable {
        var source: NodeClient
        var targets: [NodeAddress: NodeClient]

        func close() async {
            await source.connection.close()
            for target in targets.values {
                await target.connection.close()
            }
        }
    }

    /// A key's value as `DUMP` gives it, and when it expires: a Unix time in milliseconds
    /// (`PEXPIRETIME`), 0 for never.
    struct Dump: Sendable {
        var payload: ByteBuffer
        var expiresAt: Int
    }

    /// Deletes a source key only while it still holds the value copied (`ARGV[1]`, its `DUMP`):
    /// 1 when deleted, 0 when gone already, -1 when it changed since (it stays, with its new value).
    static let deleteIfUnchanged = """
        local now = redis.call('DUMP', KEYS[1])
        if not now then return 0 end
        if now == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return -1
        """

    /// What one pass counted.
    struct Tally: Sendable {
        var byMaster: [NodeAddress: Int] = [:]
        var keys = 0
        var equal = 0
        var conflicts: [ImportReport.Conflict] = []
        var conflictCount = 0
        /// Keys written on the source while they were imported: left there with their new value.
        var changedOnSource = 0
    }

    /// Opens the clients of `database`, runs `body`, and closes them whether it returns or throws.
    func withClients<T>(database: Int, _ body: (Clients) async throws(TribError) -> T) async throws(TribError) -> T {
        let connection = try await RedisConnection.open(to: source, options: sourceOptions)
        var clients = Clients(source: trib.client(source, on: connection), targets: [:])
        do throws(TribError) {
            if database != 0 {
                try await clients.source.send("SELECT", String(database))
            }
            for address in masters.keys {
                clients.targets[address] = try await trib.dedicatedClient(address, database: database)
            }
            let result = try await body(clients)
            await clients.close()
            return result
        } catch {
            await clients.close()
            throw error
        }
    }

    /// Calls `body` with each batch of keys `SCAN` returns in the source's database.
    func scan(_ source: NodeClient, _ body: ([ByteBuffer]) async throws(TribError) -> Void) async throws(TribError) {
        var cursor = "0"
        repeat {
            let reply = try await source.send("SCAN", cursor, "COUNT", String(batch))
            guard let elements = reply.elements, elements.count == 2, let next = elements[0].string, let keys = elements[1].elements else {
                throw TribError(.unexpectedReply, "SCAN returned \(reply)", node: source.address)
            }
            let buffers = keys.compactMap(\.bytes)
            if !buffers.isEmpty {
                try await body(buffers)
            }
            cursor = next
        } while cursor != "0"
    }

    /// The keys of a batch grouped by the master that owns their slot.
    func byOwner(_ keys: [ByteBuffer]) -> [NodeAddress: [ByteBuffer]] {
        Dictionary(grouping: keys) { owners[HashSlot.forKey($0.readableBytesView).intValue] }
    }

    /// The keys among `keys` that `target` holds, split into those with the source's value and
    /// expiry and those with another value or expiry.
    func existing(_ keys: [ByteBuffer], on target: NodeClient, source: NodeClient) async throws(TribError) -> (equal: [ByteBuffer], differing: [ByteBuffer]) {
        let replies = try await target.pipelineChecked(keys.map { RedisCommand(arguments: [ByteBuffer(string: "EXISTS"), $0]) })
        let present = zip(keys, replies).filter { $0.1.int == 1 }.map(\.0)
        guard !present.isEmpty else { return ([], []) }
        let differing = try await self.differing(present, on: target, source: source)
        let different = Set(differing)
        return (present.filter { !different.contains($0) }, differing)
    }

    /// The keys among `keys`, held by both, whose value differs, or whose expiry differs by more
    /// than a second (or is set on one side only): an equal value that expires at another time is a
    /// conflict too, since skipping it would leave the cluster's expiry, and deleting the source's
    /// copy could lose the key when the cluster's expires first.
    func differing(_ keys: [ByteBuffer], on target: NodeClient, source: NodeClient) async throws(TribError) -> [ByteBuffer] {
        let byValue = Set(try await KeyComparison(source: source, target: target).differing(keys))
        let sameValue = keys.filter { !byValue.contains($0) }
        guard !sameValue.isEmpty else { return keys.filter(byValue.contains) }
        let expiry = { (key: ByteBuffer) in RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), key]) }
        let sourceExpiry = try await source.pipelineChecked(sameValue.map(expiry))
        let targetExpiry = try await target.pipelineChecked(sameValue.map(expiry))
        var byExpiry: Set<ByteBuffer> = []
        for (index, key) in sameValue.enumerated() {
            guard let mine = sourceExpiry[index].int, let theirs = targetExpiry[index].int,
                mine >= 0 && theirs >= 0 ? abs(mine - theirs) <= 1000 : mine == theirs
            else {
                byExpiry.insert(key)
                continue
            }
        }
        return keys.filter { byValue.contains($0) || byExpiry.contains($0) }
    }

    /// The first pass: what the import would do in `database`, changing nothing.
    func plan(database: Int, into tally: inout Tally) async throws(TribError) {
        try await withClients(database: database) { clients throws(TribError) in
            try await scan(clients.source) { keys throws(TribError) in
                for (owner, keys) in byOwner(keys) {
                    guard let target = clients.targets[owner] else { continue }
                    let (equal, differing) = try await existing(keys, on: target, source: clients.source)
                    // With --replace every key is written, equal or not, as the second pass does.
                    tally.equal += replace ? 0 : equal.count
                    let imported = replace ? keys.count : keys.count - equal.count - differing.count
                    tally.keys += imported
                    tally.byMaster[owner, default: 0] += imported
                    tally.conflictCount += differing.count
                    for key in differing.prefix(max(0, ImportReport.listedConflicts - tally.conflicts.count)) {
                        tally.conflicts.append(ImportReport.Conflict(node: reference(owner), database: database, key: key))
                    }
                }
            }
        }
    }

    /// The second pass: imports every key of `database`, `DUMP` and `PEXPIRETIME` from the source
    /// and `RESTORE … ABSTTL` on the owner, each batch pipelined, and without `--copy` deletes each
    /// batch from the source once the owners have it, each key only while it still holds the value
    /// copied (``deleteIfUnchanged``). Without `--replace` a key the owner holds refuses its
    /// `RESTORE` (`BUSYKEY`): with an equal value it is skipped, with another it stops the import.
    ///
    /// - Throws: ``TribError`` `.busyKeys` for a key written on the cluster with another value
    ///   since the plan (the keys before it are imported), or the error of a `RESTORE`, naming the key and the node.
    func run(database: Int, into tally: inout Tally, progress: (Int) -> Void) async throws(TribError) {
        try await withClients(database: database) { clients throws(TribError) in
            try await scan(clients.source) { keys throws(TribError) in
                var commands: [RedisCommand] = []
                for key in keys {
                    commands.append(RedisCommand(arguments: [ByteBuffer(string: "DUMP"), key]))
                    commands.append(RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), key]))
                }
                let replies = try await clients.source.pipelineChecked(commands)
                var dumps: [ByteBuffer: Dump] = [:]
                for (index, key) in keys.enumerated() {
                    // Gone since SCAN (expired, deleted): nothing to import.
                    guard let payload = replies[2 * index].bytes, let expiresAt = replies[2 * index + 1].int, expiresAt != -2 else { continue }
                    // An absolute expiry, so a key in its last millisecond cannot come back as one that never expires.
                    dumps[key] = Dump(payload: payload, expiresAt: max(0, expiresAt))
                }
                let found = dumps
                // Each master's keys in parallel, each in one pipeline.
                let outcomes = await withTaskGroup(of: RestoreOutcome.self) { group in
                    for (owner, keys) in byOwner(keys.filter { found[$0] != nil }) {
                        guard let target = clients.targets[owner] else { continue }
                        group.addTask {
                            await restoreOutcome(keys, found, owner: owner, on: target, source: clients.source, database: database)
                        }
                    }
                    var outcomes: [RestoreOutcome] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                var done: [ByteBuffer] = []
                var failure: TribError?
                for outcome in outcomes {
                    if let equal = outcome.equal {
                        tally.equal += equal
                        tally.keys += outcome.keys.count - equal
                        tally.byMaster[outcome.owner, default: 0] += outcome.keys.count - equal
                        done += outcome.keys
                    } else {
                        failure = failure ?? outcome.error
                    }
                }
                // What the owners have leaves the source, also when another owner failed: a key is
                // never in neither place. A key written on the source since its DUMP stays there.
                if !copy, !done.isEmpty {
                    let deletes = done.compactMap { key in
                        found[key].map { dump in
                            RedisCommand(arguments: [
                                ByteBuffer(string: "EVAL"), ByteBuffer(string: Self.deleteIfUnchanged), ByteBuffer(string: "1"), key, dump.payload,
                            ])
                        }
                    }
                    let answers = try await clients.source.pipelineChecked(deletes)
                    tally.changedOnSource += answers.filter { $0.int == -1 }.count
                }
                if var failure {
                    failure.message += "; stopped after \(tally.keys) key(s)"
                    throw failure
                }
                progress(tally.keys)
                try trib.checkCancellation()
            }
        }
    }

    /// What restoring one master's keys of a batch came to: how many it held equal already, or the error.
    ///
    /// A struct rather than a tuple holding a `Result` with a typed error: the release build of such
    /// a tuple as a task group's child result crashed in the runtime (swift_retain of a freed value).
    struct RestoreOutcome: Sendable {
        var owner: NodeAddress
        var keys: [ByteBuffer]
        /// The keys the master held with the source's value; `nil` when the restore failed.
        var equal: Int?
        var error: TribError?
    }

    /// ``restore(_:_:on:source:database:)`` as an outcome, for a task group.
    func restoreOutcome(
        _ keys: [ByteBuffer], _ dumps: [ByteBuffer: Dump], owner: NodeAddress, on target: NodeClient, source: NodeClient, database: Int
    ) async -> RestoreOutcome {
        do throws(TribError) {
            return RestoreOutcome(owner: owner, keys: keys, equal: try await restore(keys, dumps, on: target, source: source, database: database))
        } catch {
            return RestoreOutcome(owner: owner, keys: keys, error: error)
        }
    }

    /// `RESTORE`s `keys` on `target` in one pipeline; without `--replace` a key it holds already
    /// is refused (`BUSYKEY`) and compared with the source's.
    ///
    /// - Returns: the keys the target held with the source's value (not written).
    /// - Throws: ``TribError`` `.busyKeys` for a key it holds with another value, or the error of a `RESTORE`.
    func restore(_ keys: [ByteBuffer], _ dumps: [ByteBuffer: Dump], on target: NodeClient, source: NodeClient, database: Int) async throws(TribError) -> Int {
        let restores = keys.compactMap { key -> RedisCommand? in
            guard let dump = dumps[key] else { return nil }
            var arguments = [ByteBuffer(string: "RESTORE"), key, ByteBuffer(string: String(dump.expiresAt)), dump.payload]
            if replace { arguments.append(ByteBuffer(string: "REPLACE")) }
            if dump.expiresAt > 0 { arguments.append(ByteBuffer(string: "ABSTTL")) }
            return RedisCommand(arguments: arguments)
        }
        var busy: [ByteBuffer] = []
        for (key, answer) in zip(keys, try await target.pipeline(restores)) where answer.isError {
            let message = answer.string ?? ""
            guard !replace, message.hasPrefix("BUSYKEY") else {
                throw TribError(
                    .nodeError, "RESTORE of key \(RESPValue.quoted(key)) into database \(database) of \(reference(target.address)) failed: \(message)",
                    node: target.address)
            }
            busy.append(key)
        }
        if !busy.isEmpty, let key = try await differing(busy, on: target, source: source).first {
            throw TribError(
                .busyKeys,
                "key \(RESPValue.quoted(key)) of database \(database) exists on \(reference(target.address)) with another value or expiry "
                    + "(written since the import began); --replace overwrites it",
                node: target.address)
        }
        return busy.count
    }

    /// A master by its address.
    func reference(_ address: NodeAddress) -> Disagreement.NodeReference {
        masters[address] ?? Disagreement.NodeReference(id: "", address: address)
    }
}
