import NIOCore
import RESP

/// Moves the keys of a group of slots whose handshakes are done, one pipelined round at a time
/// (planned by ``KeyRoundPlanner``), and repairs every failed batch before the next round:
///
/// - `BUSYKEY`: keys that exist on both sides are compared; equal ones are replaced on the target,
///   different ones stop the move with their names (unless ``OperationOptions/replaceBusyKeys``).
/// - A timeout: the batch is split in halves and each half retried, down to single keys, which get
///   the longer ``OperationOptions/singleKeyMigrateTimeoutMilliseconds``; a key that still does not
///   move is reported by name. Before each split the target must answer `PING`, so a target that is
///   down is reported as such rather than blamed on the keys.
///
/// No key is lost or duplicated: `MIGRATE` moves each key atomically and deletes it from the source
/// only once the target acknowledged it, a key restored on the target after a timeout shows up as
/// `BUSYKEY` with an equal value and is replaced, and the next round is planned from what
/// `CLUSTER GETKEYSINSLOT` says is still on the source.
struct SlotGroupKeyMover: Sendable {
    let move: SlotMove
    let context: MigrationContext
    /// Slots the source owns that were open towards the target before this run began (a run killed
    /// or stopped between a key's copy and its delete, with either transfer). A key of them still on
    /// the source is the one clients read (the source answers for every key it has), so a copy on the
    /// target, equal or not, is replaced by it rather than stopping the move as `BUSYKEY`.
    var resumed: Set<HashSlot> = []

    private var options: OperationOptions { context.options }

    /// Empties the planner's slots on the source, starting from the windows it was given; returns
    /// the keys moved per slot. Stops at a round boundary on Ctrl-C or when another task failed,
    /// leaving the slots open; `planner` then tells which slots are empty.
    ///
    /// Each round goes out as two pipelines: the probes, the first third of the batches and the
    /// fetches; then the other two thirds of the batches (the tail). The first reply comes back
    /// while the source still runs the tail, and the next round is planned and sent meanwhile (the
    /// fetched windows leave the tail's keys out), so the source rarely waits for this client.
    func run(_ planner: inout KeyRoundPlanner) async throws(TribError) -> [HashSlot: Int] {
        if options.transfer == .dump {
            return try await runDumping(&planner)
        }
        var moved: [HashSlot: Int] = [:]
        var tail: Tail?
        do throws(TribError) {
            while !planner.isFinished {
                try context.checkStop()
                let round = planner.nextRound()
                guard !round.isEmpty else {
                    throw TribError(.unexpectedReply, "the key planner has nothing to send for slots that are not empty", node: move.source.address)
                }
                let headCount = round.batches.count - round.batches.count * 2 / 3
                let head = Array(round.batches[..<headCount])
                let next = Tail(batches: Array(round.batches[headCount...]), mover: self)
                var commands: [RedisCommand] = []
                commands.reserveCapacity(round.probes.count + head.count + round.fetches.count)
                commands.append(contentsOf: round.probes.map(\.command))
                for batch in head {
                    commands.append(migrateCommand(batch.keys, replace: false, timeout: options.migrateTimeoutMilliseconds))
                }
                commands.append(contentsOf: round.fetches.map(\.command))
                let source = move.source
                // Per reply: the node may take one MIGRATE's timeout between two replies, no more.
                let timeout = options.connection.commandTimeout + Double(options.migrateTimeoutMilliseconds) / 1000
                let sent = Task { () async -> Result<[RESPValue], TribError> in
                    // The tail waits for this; its task wakes up after this pipeline is written, almost always.
                    // (The order only matters for speed: the windows leave the tail's keys out either way.)
                    next?.send()
                    do throws(TribError) {
                        return .success(try await source.pipeline(commands, timeout: timeout))
                    } catch {
                        return .failure(error)
                    }
                }
                // The previous round's tail ran before this round on the source: settle it first,
                // so the keys it failed to move are dealt with before any round can carry them again.
                let settled = tail?.batches ?? []
                if let previous = tail {
                    tail = nil
                    try await settle(previous.batches, replies: previous.replies(), into: &moved)
                }
                tail = next
                let replies = try await sent.value.get()
                let probes = round.probes.count
                planner.received(sizes: Self.sizes(from: replies.prefix(probes)), for: round)
                try await settle(head, replies: Array(replies[probes..<(probes + head.count)]), into: &moved)
                let windows = try windows(from: replies.dropFirst(probes + head.count), for: round.fetches)
                // Left out of the windows: this round's tail, still moving, and the previous round's
                // tail, settled above, which may have reached the source after this round's fetch.
                var moving: [HashSlot: [ByteBuffer]] = [:]
                for batch in settled + (next?.batches ?? []) {
                    moving[batch.slot, default: []].append(contentsOf: batch.keys)
                }
                planner.received(windows: windows, excluding: moving)
            }
            if let last = tail {
                tail = nil
                try await settle(last.batches, replies: last.replies(), into: &moved)
            }
        } catch {
            // Nothing may still be moving when the caller decides which slots to leave open.
            if let tail {
                _ = try? await tail.replies()
            }
            throw error
        }
        return moved
    }

    /// ``run(_:)`` with ``DumpTransfer``: each round's batches move first, then its probes and
    /// fetches go to the source, so the fetch lists what is left once the batches are settled.
    private func runDumping(_ planner: inout KeyRoundPlanner) async throws(TribError) -> [HashSlot: Int] {
        var moved: [HashSlot: Int] = [:]
        let transfer = DumpTransfer(mover: self)
        if !planner.isFinished {
            try await transfer.loadScripts()
        }
        while !planner.isFinished {
            try context.checkStop()
            let round = planner.nextRound()
            guard !round.isEmpty else {
                throw TribError(.unexpectedReply, "the key planner has nothing to send for slots that are not empty", node: move.source.address)
            }
            let results = try await transfer.run(round.batches, replace: false)
            try await settle(round.batches, results: results, into: &moved)
            let replies = try await move.source.pipeline(round.probes.map(\.command) + round.fetches.map(\.command))
            planner.received(sizes: Self.sizes(from: replies.prefix(round.probes.count)), for: round)
            planner.received(windows: try windows(from: replies.dropFirst(round.probes.count), for: round.fetches))
        }
        return moved
    }

    /// Sends the rounds that only probe sizes (the first of a group), until keys are ready to move:
    /// done while the group before still moves its keys, so that this group's first batches can
    /// follow at once.
    func probe(_ planner: inout KeyRoundPlanner) async throws(TribError) {
        while !planner.isFinished, !planner.hasReadyKeys {
            try context.checkStop()
            let round = planner.nextRound()
            guard round.batches.isEmpty, !round.isEmpty else {
                throw TribError(.unexpectedReply, "the key planner has nothing to probe for slots that are not empty", node: move.source.address)
            }
            let replies = try await move.source.pipeline(round.probes.map(\.command) + round.fetches.map(\.command))
            planner.received(sizes: Self.sizes(from: replies.prefix(round.probes.count)), for: round)
            planner.received(windows: try windows(from: replies.dropFirst(round.probes.count), for: round.fetches))
        }
    }

    /// The probe replies as sizes; `nil` when the source refused `MEMORY USAGE`.
    private static func sizes(from replies: ArraySlice<RESPValue>) -> [Int?]? {
        var sizes: [Int?] = []
        sizes.reserveCapacity(replies.count)
        for reply in replies {
            guard let size = size(from: reply) else { return nil }
            sizes.append(size)
        }
        return sizes
    }

    /// The fetch replies as windows of keys.
    func windows(from replies: ArraySlice<RESPValue>, for fetches: [KeyRoundPlanner.Fetch]) throws(TribError) -> [HashSlot: [ByteBuffer]] {
        var windows: [HashSlot: [ByteBuffer]] = [:]
        for (fetch, reply) in zip(fetches, replies) {
            guard let keys = reply.elements else {
                throw TribError(.nodeError, "CLUSTER GETKEYSINSLOT \(fetch.slot) failed: \(reply.string ?? "\(reply)")", node: move.source.address)
            }
            windows[fetch.slot] = keys.compactMap(\.bytes)
        }
        return windows
    }

    /// The batches of a round sent after its fetch, in flight.
    private final class Tail: Sendable {
        let batches: [KeyRoundPlanner.Batch]
        private let task: Task<Result<[RESPValue], TribError>, Never>

        /// `nil` for no batches. The pipeline goes out once ``send()`` is called.
        init?(batches: [KeyRoundPlanner.Batch], mover: SlotGroupKeyMover) {
            guard !batches.isEmpty else { return nil }
            self.batches = batches
            let options = mover.options
            let commands = batches.map { mover.migrateCommand($0.keys, replace: false, timeout: options.migrateTimeoutMilliseconds) }
            let timeout = options.connection.commandTimeout + Double(options.migrateTimeoutMilliseconds) / 1000
            let source = mover.move.source
            let gate = AsyncStream<Void>.makeStream()
            self.gate = gate.continuation
            task = Task {
                for await _ in gate.stream { break }
                // The head is written the moment its task runs; a millisecond later the tail surely
                // comes after it, while the source is still busy with the head's batches.
                try? await Task.sleep(for: .milliseconds(1))
                do throws(TribError) {
                    return .success(try await source.pipeline(commands, timeout: timeout))
                } catch {
                    return .failure(error)
                }
            }
        }

        private let gate: AsyncStream<Void>.Continuation

        /// Lets the tail go out.
        func send() {
            gate.yield()
            gate.finish()
        }

        func replies() async throws(TribError) -> [RESPValue] {
            send()
            return try await task.value.get()
        }
    }

    /// Counts the batches that moved and repairs the others, in order.
    private func settle(_ batches: [KeyRoundPlanner.Batch], replies: [RESPValue], into moved: inout [HashSlot: Int]) async throws(TribError) {
        let results = zip(batches, replies).map { batch, reply in
            DumpTransfer.BatchResult(outcome: MigrateOutcome(reply: reply), moved: reply.string == "NOKEY" ? 0 : batch.keys.count)
        }
        try await settle(batches, results: results, into: &moved)
    }

    /// Counts the batches that moved and repairs the others, in order.
    private func settle(_ batches: [KeyRoundPlanner.Batch], results: [DumpTransfer.BatchResult], into moved: inout [HashSlot: Int]) async throws(TribError) {
        var failures: [(KeyRoundPlanner.Batch, MigrateOutcome)] = []
        var movedNow = 0
        for (batch, result) in zip(batches, results) {
            if result.outcome == .moved {
                moved[batch.slot, default: 0] += result.moved
                movedNow += result.moved
            } else {
                failures.append((batch, result.outcome))
            }
        }
        context.tracker.update {
            $0.batches += batches.count
            $0.keysMoved += movedNow
        }
        for (batch, outcome) in failures {
            let count = try await recover(batch.keys, slot: batch.slot, from: outcome)
            moved[batch.slot, default: 0] += count
            context.tracker.update { $0.keysMoved += count }
        }
    }

    /// A `MEMORY USAGE` reply as a size: `.some(nil)` for a key that is gone (no reply, or `-ASK`
    /// from a migrating slot), `nil` when the source refuses the command.
    static func size(from reply: RESPValue) -> Int?? {
        guard reply.isError else { return .some(reply.int) }
        let message = reply.string ?? ""
        if message.hasPrefix("ASK ") || message.hasPrefix("MOVED ") || message.hasPrefix("TRYAGAIN") {
            return .some(nil)
        }
        return nil
    }

    // MARK: Failed batches

    /// Repairs a batch that did not fully move; returns how many of its keys moved.
    func recover(_ keys: [ByteBuffer], slot: HashSlot, from outcome: MigrateOutcome) async throws(TribError) -> Int {
        switch outcome {
        case .moved:
            return keys.count
        case .busyKeys:
            return try await resolveBusyKeys(keys, slot: slot)
        case .timedOut(let message):
            return try await splitAndRetry(keys, slot: slot, after: message)
        case .targetUnreachable(let message):
            throw TribError(
                .nodeError,
                "slot \(slot): \(move.source.address) cannot reach \(move.target.address) (\(message)); "
                    + "the slot stays open: run `fix` or this command again once the target is back",
                node: move.source.address
            )
        case .failed(let message):
            throw TribError(
                .nodeError,
                "MIGRATE of \(keys.count) keys of slot \(slot) to \(move.target.address) failed: \(message)",
                node: move.source.address
            )
        }
    }

    /// Retries a batch that timed out in two halves, and a single key alone with the longer timeout.
    func splitAndRetry(_ keys: [ByteBuffer], slot: HashSlot, after message: String) async throws(TribError) -> Int {
        try context.checkStop()
        try await requireTargetAnswers(slot: slot, after: message)
        guard keys.count > 1 else {
            let timeout = options.effectiveSingleKeyMigrateTimeout
            context.tracker.update { $0.batches += 1 }
            let outcome = try await transfer(keys, slot: slot, replace: false, timeout: timeout)
            if case .timedOut(let again) = outcome {
                throw TribError(
                    .keyNotMoved,
                    "key \(RESPValue.quoted(keys[0])) of slot \(slot) did not move from \(move.source.address) to "
                        + "\(move.target.address), even alone with a \(timeout) ms MIGRATE timeout (\(again)); it is still on "
                        + "\(move.source.address) and the slot stays open: `fix` finishes it (a longer --migrate-timeout may help)",
                    node: move.source.address
                )
            }
            return try await recover(keys, slot: slot, from: outcome)
        }
        context.tracker.update { $0.splits += 1 }
        let middle = keys.count / 2
        var moved = 0
        for half in [Array(keys[..<middle]), Array(keys[middle...])] {
            try context.checkStop()
            context.tracker.update { $0.batches += 1 }
            let outcome = try await transfer(half, slot: slot, replace: false, timeout: options.migrateTimeoutMilliseconds)
            moved += try await recover(half, slot: slot, from: outcome)
        }
        return moved
    }

    /// Fails, naming the target, when it does not answer `PING` within the command timeout.
    private func requireTargetAnswers(slot: HashSlot, after message: String) async throws(TribError) {
        do throws(TribError) {
            try await move.target.send(RedisCommand("PING"), timeout: options.connection.commandTimeout)
        } catch {
            // The connection is closed after a timeout; the next operation opens a new one.
            await context.trib.pool.discard(move.target.address)
            throw TribError(
                .nodeError,
                "slot \(slot): MIGRATE to \(move.target.address) failed (\(message)) and \(move.target.address) does not answer "
                    + "(\(error.message)); the slot stays open: run `fix` or this command again once it answers",
                node: move.target.address
            )
        }
    }

    // MARK: MIGRATE

    /// `MIGRATE host port "" database timeout [REPLACE] [AUTH…] KEYS key…`.
    func migrateCommand(_ keys: [ByteBuffer], replace: Bool, timeout: Int) -> RedisCommand {
        var command = RedisCommand(
            "MIGRATE", move.target.address.host, String(move.target.address.port), "", String(move.database), String(timeout)
        )
        if replace {
            command.append("REPLACE")
        }
        let connection = options.connection
        // A user without a password goes as AUTH2 with an empty one, as the connections log in.
        if let password = connection.password ?? (connection.username == nil ? nil : "") {
            if let username = connection.username {
                command.append("AUTH2")
                command.append(username)
            } else {
                command.append("AUTH")
            }
            command.append(password)
        }
        command.append("KEYS")
        command.append(contentsOf: keys)
        return command
    }

    /// One `MIGRATE … KEYS` on its own.
    func migrate(_ keys: [ByteBuffer], replace: Bool, timeout: Int) async throws(TribError) -> MigrateOutcome {
        let command = migrateCommand(keys, replace: replace, timeout: timeout)
        let reply = try await move.source.pipeline([command], timeout: Double(timeout) / 1000 + options.connection.commandTimeout)[0]
        return MigrateOutcome(reply: reply)
    }

    /// One batch moved on its own, the way ``OperationOptions/transfer`` says; `timeout` is `MIGRATE`'s.
    func transfer(_ keys: [ByteBuffer], slot: HashSlot, replace: Bool, timeout: Int) async throws(TribError) -> MigrateOutcome {
        switch options.transfer {
        case .migrate:
            return try await migrate(keys, replace: replace, timeout: timeout)
        case .dump:
            return try await DumpTransfer(mover: self).run([KeyRoundPlanner.Batch(slot: slot, keys: keys)], replace: replace)[0].outcome
        }
    }

    // MARK: Keys on both sides

    /// Handles keys that exist on both sides: equal values are replaced on the target, different
    /// ones stop the move with their names unless replacing was asked for. Returns keys moved.
    func resolveBusyKeys(_ keys: [ByteBuffer], slot: HashSlot) async throws(TribError) -> Int {
        // MIGRATE moved what it could; what is left on the source is still to move.
        let remaining = try await existing(keys, on: move.source, asking: move.sourceImports)
        let onTarget = try await existing(remaining, on: move.target, asking: true)
        if onTarget.isEmpty {
            return keys.count - remaining.count
        }
        var different: [ByteBuffer] = []
        if !options.replaceBusyKeys, !resumed.contains(slot) {
            let comparison = KeyComparison(source: move.source, target: move.target, sourceAsking: move.sourceImports)
            different = try await comparison.differing(onTarget)
        }
        let differentSet = Set(different)
        let equal = onTarget.filter { !differentSet.contains($0) }
        if !equal.isEmpty {
            let outcome = try await transfer(equal, slot: slot, replace: true, timeout: options.effectiveSingleKeyMigrateTimeout)
            guard outcome == .moved else {
                throw TribError(
                    .nodeError,
                    "MIGRATE … REPLACE of \(equal.count) keys of slot \(slot) to \(move.target.address) failed: \(outcome)",
                    node: move.source.address
                )
            }
            context.trib.report(.busyKeysReplaced(slot: slot, count: equal.count))
            context.tracker.update { $0.busyKeysReplaced += equal.count }
        }
        guard different.isEmpty else {
            let names = different.prefix(10).map { RESPValue.quoted($0) }.joined(separator: ", ")
            throw TribError(
                .busyKeys,
                "slot \(slot): \(different.count) key(s) exist on both \(move.source.address) and \(move.target.address) with different values: "
                    + names + (different.count > 10 ? ", …" : "")
                    + "; both copies are kept, the slot stays open; rerun with --replace to keep the source's values",
                node: move.source.address
            )
        }
        return keys.count - remaining.count + equal.count
    }

    /// The keys among `keys` that exist on a node (`ASKING` first for a node that is importing).
    ///
    /// A source that no longer has a key of a migrating slot answers `-ASK`: the key is not there.
    func existing(_ keys: [ByteBuffer], on node: NodeClient, asking: Bool) async throws(TribError) -> [ByteBuffer] {
        guard !keys.isEmpty else { return [] }
        var commands: [RedisCommand] = []
        for key in keys {
            if asking {
                commands.append(RedisCommand("ASKING"))
            }
            commands.append(RedisCommand(arguments: [ByteBuffer(string: "EXISTS"), key]))
        }
        let replies = try await node.pipeline(commands)
        let answers = asking ? stride(from: 1, to: replies.count, by: 2).map { replies[$0] } : replies
        var found: [ByteBuffer] = []
        for (key, answer) in zip(keys, answers) {
            if case .error = answer {
                let error = RedisServerError(message: answer.string ?? "")
                if error.code == "ASK" { continue }
                throw TribError(.nodeError, "EXISTS \(RESPValue.quoted(key)) failed: \(error.message)", node: node.address)
            }
            if answer.int == 1 { found.append(key) }
        }
        return found
    }
}
