import NIOCore
import RESP

/// Moves batches of keys of open slots (``KeyTransfer/dump``) without blocking the source for a
/// round trip to the target, the way `MIGRATE` does:
///
/// 1. the source: `DUMP key` and `PEXPIRETIME key`, pipelined;
/// 2. the target: `ASKING`, `RESTORE key ttl payload ABSTTL` (`REPLACE` when asked for, as the
///    `MIGRATE` path would); `BUSYKEY` leaves the key on the source and reports the batch as
///    ``MigrateOutcome/busyKeys``, which ``SlotGroupKeyMover`` resolves as it does for `MIGRATE`;
/// 3. the source: ``DumpScript/deleteIfUnchanged`` deletes each key only if its value and expiry
///    are still what was sent.
///
/// A key that changed on the source meanwhile is sent again, over the copy restored before (which
/// no client sees: the source serves the key while it has it); after ``attempts`` tries it goes
/// alone with `MIGRATE`, once the copy is taken back. A key that vanished from the source (deleted,
/// or expired) is taken back from the target if it still holds the copy restored
/// (``DumpScript/deleteIfRestored``), so it does not come back; until then a reader sent to the
/// target by `-ASK` may see the old value.
///
/// The source's connection carries only reads and the compare-and-delete scripts; each runs on one
/// key, so clients wait at most for one key's serialization, never for the target.
struct DumpTransfer: Sendable {
    let mover: SlotGroupKeyMover

    /// Tries for a key that keeps changing before it moves with `MIGRATE`.
    static let attempts = 3

    /// What became of one batch: its outcome, read as a `MIGRATE` reply's, and the keys it moved
    /// (counted only when all of them moved).
    struct BatchResult: Sendable, Hashable {
        var outcome: MigrateOutcome
        var moved: Int
    }

    /// A key on its way.
    private struct Entry {
        var batch: Int
        var key: ByteBuffer
        /// The payload last restored on the target, which is ours to replace or take back.
        var restored: ByteBuffer?
        var tries = 0
    }

    /// A key read on the source.
    enum Read: Equatable {
        case value(payload: ByteBuffer, expireAt: Int)
        case gone
        case failed(String)
    }

    private var move: SlotMove { mover.move }
    private var options: OperationOptions { mover.context.options }
    /// Per reply: as long as a `MIGRATE` of the batch may wait for the target between two replies.
    private var timeout: Double { options.connection.commandTimeout + Double(options.migrateTimeoutMilliseconds) / 1000 }

    /// Loads the scripts on both nodes (`SCRIPT LOAD`), so that the batches' `EVALSHA`s find them.
    func loadScripts() async throws(TribError) {
        _ = try await move.source.pipelineChecked([RedisCommand("SCRIPT", "LOAD", DumpScript.deleteIfUnchanged.body)])
        _ = try await move.target.pipelineChecked(
            [DumpScript.deleteIfRestored, .replaceIfRestored].map { RedisCommand("SCRIPT", "LOAD", $0.body) }
        )
    }

    /// Moves `batches`; `replace` restores with `REPLACE`. Fails only when a node stops answering
    /// the source's reads or deletes; a failure on the target's side is the batch's outcome.
    ///
    /// The batches go through as a pipeline: while the target restores one batch, the source already
    /// serializes the next (its deletes of the first wait behind those reads on its connection).
    func run(_ batches: [KeyRoundPlanner.Batch], replace: Bool) async throws(TribError) -> [BatchResult] {
        var progress = Progress(results: batches.map { _ in BatchResult(outcome: .moved, moved: 0) })
        let chunks = batches.enumerated().map { index, batch in batch.keys.map { Entry(batch: index, key: $0) } }
        var reading = chunks.first.map(readTask)
        for (index, chunk) in chunks.enumerated() {
            guard let current = reading else { break }
            let reads = try await current.value.get()
            reading = index + 1 < chunks.count ? readTask(chunks[index + 1]) : nil
            try await attempt(chunk, reads: reads, replace: replace, progress: &progress)
        }
        while !progress.again.isEmpty {
            let entries = progress.again
            progress.again = []
            try await attempt(entries, reads: try await read(entries.map(\.key)), replace: replace, progress: &progress)
        }
        try await migrateHot(progress.hot, into: &progress.results)
        return progress.results
    }

    /// What ``run(_:replace:)`` knows so far: each batch's result, and the keys to send again.
    private struct Progress {
        var results: [BatchResult]
        /// Keys that changed on the source since their last copy.
        var again: [Entry] = []
        /// Keys that changed ``DumpTransfer/attempts`` times: they go with `MIGRATE`.
        var hot: [Entry] = []
    }

    /// Reads `entries` on the source, in a task of its own.
    private func readTask(_ entries: [Entry]) -> Task<Result<[Read], TribError>, Never> {
        Task {
            do throws(TribError) {
                return .success(try await read(entries.map(\.key)))
            } catch {
                return .failure(error)
            }
        }
    }

    /// One try of `entries`, read as `reads`: restored on the target, then deleted on the source if unchanged.
    private func attempt(_ entries: [Entry], reads: [Read], replace: Bool, progress: inout Progress) async throws(TribError) {
        var sent: [(entry: Entry, payload: ByteBuffer, expireAt: Int)] = []
        var takeBack: [Entry] = []
        for (entry, read) in zip(entries, reads) {
            switch read {
            case .value(let payload, let expireAt):
                sent.append((entry, payload, expireAt))
            case .gone:
                if entry.restored != nil { takeBack.append(entry) }
            case .failed(let message):
                progress.results[entry.batch].fail(.failed("DUMP \(RESPValue.quoted(entry.key)) failed: \(message)"))
            }
        }
        let restored = try await restore(sent, replace: replace, into: &progress.results)
        let deletions = try await deleteIfUnchanged(restored)
        for ((entry, payload, _), reply) in zip(restored, deletions) {
            var entry = entry
            entry.restored = payload
            switch reply.int {
            case 1:
                progress.results[entry.batch].moved += 1
            case 0:
                entry.tries += 1
                if entry.tries < Self.attempts {
                    progress.again.append(entry)
                } else {
                    progress.hot.append(entry)
                }
            case -1:
                takeBack.append(entry)
            default:
                if Self.isRedirect(reply) {
                    takeBack.append(entry)
                } else {
                    progress.results[entry.batch].fail(
                        .failed("deleting \(RESPValue.quoted(entry.key)) from the source failed: \(reply.string ?? "\(reply)")"))
                }
            }
        }
        try await self.takeBack(takeBack, into: &progress.results)
    }

    // MARK: Steps

    /// `DUMP` and `PEXPIRETIME` of every key on the source.
    private func read(_ keys: [ByteBuffer]) async throws(TribError) -> [Read] {
        var commands: [RedisCommand] = []
        commands.reserveCapacity(keys.count * 2)
        for key in keys {
            commands.append(RedisCommand(arguments: [ByteBuffer(string: "DUMP"), key]))
            commands.append(RedisCommand(arguments: [ByteBuffer(string: "PEXPIRETIME"), key]))
        }
        let replies = try await send(commands, to: move.source, asking: move.sourceImports)
        return stride(from: 0, to: replies.count, by: 2).map { index in
            Self.read(dump: replies[index], expireTime: replies[index + 1])
        }
    }

    /// The `DUMP` and `PEXPIRETIME` replies of one key as what the key is.
    static func read(dump: RESPValue, expireTime: RESPValue) -> Read {
        if dump.isError {
            return isRedirect(dump) ? .gone : .failed(dump.string ?? "\(dump)")
        }
        guard let payload = dump.bytes else { return .gone }
        // -1: no expiry; -2: gone since the DUMP, which the delete will find.
        return .value(payload: payload, expireAt: expireTime.int ?? -1)
    }

    /// Restores the keys read on the target; returns those it now holds. A target that does not
    /// answer makes the keys' batches ``MigrateOutcome/timedOut(_:)``: they are still on the source.
    private func restore(
        _ keys: [(entry: Entry, payload: ByteBuffer, expireAt: Int)],
        replace: Bool,
        into results: inout [BatchResult]
    ) async throws(TribError) -> [(entry: Entry, payload: ByteBuffer, expireAt: Int)] {
        guard !keys.isEmpty else { return [] }
        let commands = keys.map { entry, payload, expireAt in
            let ttl = ByteBuffer(string: String(max(expireAt, 0)))
            if let restored = entry.restored {
                return DumpScript.replaceIfRestored.command(key: entry.key, arguments: [restored, ttl, payload])
            }
            var command = RedisCommand(arguments: [ByteBuffer(string: "RESTORE"), entry.key, ttl, payload, ByteBuffer(string: "ABSTTL")])
            if replace { command.append("REPLACE") }
            return command
        }
        let replies: [RESPValue]
        do throws(TribError) {
            replies = try await runScripts(commands, script: .replaceIfRestored, on: move.target, asking: true)
        } catch {
            for (entry, _, _) in keys {
                results[entry.batch].fail(.timedOut("RESTORE on \(move.target.address): \(error.message)"))
            }
            return []
        }
        var held: [(entry: Entry, payload: ByteBuffer, expireAt: Int)] = []
        for (key, reply) in zip(keys, replies) {
            if reply.isError {
                let message = reply.string ?? "\(reply)"
                results[key.entry.batch].fail(
                    message.contains("BUSYKEY") ? .busyKeys : .failed("RESTORE \(RESPValue.quoted(key.entry.key)) failed: \(message)"))
            } else if reply.int == 0 {
                // The target holds a value that is not ours: as BUSYKEY.
                results[key.entry.batch].fail(.busyKeys)
            } else {
                held.append(key)
            }
        }
        return held
    }

    /// ``DumpScript/deleteIfUnchanged`` of every key restored, on the source.
    private func deleteIfUnchanged(_ keys: [(entry: Entry, payload: ByteBuffer, expireAt: Int)]) async throws(TribError) -> [RESPValue] {
        guard !keys.isEmpty else { return [] }
        let commands = keys.map { entry, payload, expireAt in
            DumpScript.deleteIfUnchanged.command(key: entry.key, arguments: [payload, ByteBuffer(string: String(expireAt))])
        }
        return try await runScripts(commands, script: .deleteIfUnchanged, on: move.source, asking: move.sourceImports)
    }

    /// Takes back the copies restored of keys that left the source meanwhile, where the target
    /// still holds them unchanged.
    private func takeBack(_ entries: [Entry], into results: inout [BatchResult]) async throws(TribError) {
        let copies = entries.compactMap { entry in entry.restored.map { (entry, $0) } }
        guard !copies.isEmpty else { return }
        let commands = copies.map { DumpScript.deleteIfRestored.command(key: $0.0.key, arguments: [$0.1]) }
        let replies = try await runScripts(commands, script: .deleteIfRestored, on: move.target, asking: true)
        for ((entry, _), reply) in zip(copies, replies) where reply.isError {
            results[entry.batch].fail(
                .failed("taking back \(RESPValue.quoted(entry.key)), deleted on the source meanwhile, failed: \(reply.string ?? "\(reply)")")
            )
        }
    }

    /// Moves keys that kept changing with `MIGRATE`, one by one, once their copy is taken back.
    private func migrateHot(_ entries: [Entry], into results: inout [BatchResult]) async throws(TribError) {
        guard !entries.isEmpty else { return }
        try await takeBack(entries, into: &results)
        for entry in entries {
            let outcome = try await mover.migrate([entry.key], replace: false, timeout: options.migrateTimeoutMilliseconds)
            if outcome == .moved {
                results[entry.batch].moved += 1
            } else {
                results[entry.batch].fail(outcome)
            }
        }
    }

    // MARK: Sending

    /// Sends `commands` to `node`, each after `ASKING` when `asking`; returns their own replies.
    private func send(_ commands: [RedisCommand], to node: NodeClient, asking: Bool) async throws(TribError) -> [RESPValue] {
        guard asking else { return try await node.pipeline(commands, timeout: timeout) }
        var sent: [RedisCommand] = []
        sent.reserveCapacity(commands.count * 2)
        for command in commands {
            sent.append(RedisCommand("ASKING"))
            sent.append(command)
        }
        let replies = try await node.pipeline(sent, timeout: timeout)
        return stride(from: 1, to: replies.count, by: 2).map { replies[$0] }
    }

    /// Sends `commands`; when some of `script` are answered `NOSCRIPT` (the node restarted, or never
    /// ran it), the script is loaded (`SCRIPT LOAD`) and those go again, as `EVAL` if still unknown.
    private func runScripts(_ commands: [RedisCommand], script: DumpScript, on node: NodeClient, asking: Bool) async throws(TribError) -> [RESPValue] {
        var replies = try await send(commands, to: node, asking: asking)
        var unknown = replies.indices.filter { DumpScript.isUnknown(replies[$0]) }
        guard !unknown.isEmpty else { return replies }
        _ = try await node.pipeline([RedisCommand("SCRIPT", "LOAD", script.body)], timeout: timeout)
        for loaded in [true, false] where !unknown.isEmpty {
            let again = unknown.map { index in
                var arguments = commands[index].arguments
                if !loaded {
                    arguments[0] = ByteBuffer(string: "EVAL")
                    arguments[1] = ByteBuffer(string: script.body)
                }
                return RedisCommand(arguments: arguments)
            }
            for (index, reply) in zip(unknown, try await send(again, to: node, asking: asking)) {
                replies[index] = reply
            }
            unknown = unknown.filter { DumpScript.isUnknown(replies[$0]) }
        }
        return replies
    }

    /// Whether a reply sends the command elsewhere: the key is not on this node.
    private static func isRedirect(_ reply: RESPValue) -> Bool {
        guard reply.isError, let message = reply.string else { return false }
        return message.hasPrefix("ASK ") || message.hasPrefix("MOVED ")
    }
}

extension DumpTransfer.BatchResult {
    /// Records a failure; the worst one counts (an error, then a timeout, then keys on both sides).
    mutating func fail(_ outcome: MigrateOutcome) {
        if outcome.severity > self.outcome.severity {
            self.outcome = outcome
        }
    }
}

extension MigrateOutcome {
    /// How much an outcome says is wrong with a batch: `moved` least, any error most.
    fileprivate var severity: Int {
        switch self {
        case .moved: 0
        case .busyKeys: 1
        case .timedOut: 2
        case .targetUnreachable: 3
        case .failed: 4
        }
    }
}
