import RESP

/// Moves slots with Valkey 9's atomic slot migration: the source copies the slots to the target
/// itself (a snapshot, then the writes since), pauses writes to them for a moment and hands them
/// over, so clients never see a half-moved slot and a failure leaves every slot where it was.
///
/// One `CLUSTER MIGRATESLOTS SLOTSRANGE start end [start end …] NODE target-id` goes to the source,
/// between two `CLUSTER GETSLOTMIGRATIONS` in the same pipeline: the command only answers `OK`, so
/// the job is the one whose name appears in the second list and not the first (``SlotMigrationJob``).
/// The job is then followed by name until it ends; on Ctrl-C, when another move failed, or after
/// ``OperationOptions/atomicTimeout``, `CLUSTER CANCELSLOTMIGRATIONS` (which cancels every job of
/// the source) ends it, and the slots stay on the source.
///
/// The server refuses, among others, while any slot of the source or the target is open
/// (`Slots are being manually migrated`), and an ACL may deny the command; a job can also fail
/// in its handshake with the target. Each of these is returned as ``SlotMoveOutcome/refused(_:)``.
struct ValkeyAtomicStrategy: SlotMoveStrategy {
    /// Whether a node has `CLUSTER MIGRATESLOTS`, asked with `COMMAND INFO` (an unknown command
    /// is a null entry; a refused `COMMAND` counts as no).
    static func isSupported(by node: NodeClient) async throws(TribError) -> Bool {
        let reply = try await node.pipeline([RedisCommand("COMMAND", "INFO", "CLUSTER|MIGRATESLOTS")])[0]
        return reply.elements?.first?.elements?.isEmpty == false
    }

    func run(_ move: SlotMove, context: MigrationContext) async throws(TribError) -> SlotMoveOutcome {
        let slots = SlotSet(move.slots)
        guard !slots.isEmpty else { return .moved }
        var command = RedisCommand("CLUSTER", "MIGRATESLOTS", "SLOTSRANGE")
        for range in slots.ranges {
            command.append(String(range.lowerBound))
            command.append(String(range.upperBound))
        }
        command.append("NODE")
        command.append(move.targetID)
        if context.options.dryRun {
            context.trib.report(.wouldSend(node: move.source.address, command: command))
            return .moved
        }
        try context.checkStop()
        let list = RedisCommand("CLUSTER", "GETSLOTMIGRATIONS")
        let replies = try await move.source.pipeline([list, command, list])
        if replies[1].isError {
            return .refused(replies[1].string ?? "")
        }
        let before = Set(SlotMigrationJob.list(replies[0]).map(\.name))
        guard
            let job = SlotMigrationJob.list(replies[2]).first(where: {
                !before.contains($0.name) && $0.operation == "EXPORT" && $0.targetID == move.targetID && $0.slots == slots
            })
        else {
            throw TribError(
                .unexpectedReply,
                "CLUSTER MIGRATESLOTS answered OK, but CLUSTER GETSLOTMIGRATIONS lists no new job moving slots \(slots) to \(move.target.address)",
                node: move.source.address
            )
        }
        context.trib.step("atomic migration \(job.name) of slot(s) \(slots): \(move.name)")
        context.tracker.update { $0.atomicMoves += 1 }
        let ended = try await follow(job, of: move, context: context)
        switch ended.state {
        case "success":
            var keys = 0
            for slot in move.slots {
                let count = move.keyCounts[slot] ?? 0
                keys += count
                context.trib.report(.slotMoved(slot: slot, source: move.source.address, target: move.target.address, keys: count))
            }
            context.tracker.update {
                $0.slotsDone += move.slots.count
                $0.keysMoved += keys
            }
            return .moved
        case "cancelled":
            throw TribError(
                .atomicMigrationFailed,
                "the atomic migration \(job.name) of slot(s) \(slots) to \(move.target.address) was cancelled by someone else; the slots stay on \(move.source.address)",
                node: move.source.address
            )
        default:
            try await waitForImportToEnd(job.name, on: move.target)
            return .refused(ended.message.isEmpty ? "the atomic migration \(job.name) failed" : ended.message)
        }
    }

    /// Polls the job until it ends, every 1 ms at first and every 5 ms at most (as often as the
    /// bench's minimal client: an end is seen at most 5 ms late, for one cheap read); cancels it on
    /// Ctrl-C, when another move failed, at the timeout, and when the target stops answering.
    private func follow(_ job: SlotMigrationJob, of move: SlotMove, context: MigrationContext) async throws(TribError) -> SlotMigrationJob {
        let deadline = ContinuousClock.now + SecondsConversion.duration(context.options.atomicTimeout)
        var targetCheck = ContinuousClock.now + .seconds(1)
        var interval = Duration.milliseconds(1)
        while true {
            do throws(TribError) {
                try context.checkStop()
            } catch {
                let ended = try await cancel(job, of: move)
                if ended.state == "success" { return ended }
                throw TribError(
                    error.code,
                    "\(error.message); the atomic migration \(job.name) was cancelled (state \(ended.state)), "
                        + "its slots stay on \(move.source.address)",
                    node: move.source.address
                )
            }
            if ContinuousClock.now >= deadline {
                let ended = try await cancel(job, of: move)
                if ended.state == "success" { return ended }
                throw TribError(
                    .atomicMigrationTimeout,
                    "the atomic migration \(job.name) of slot(s) \(SlotSet(move.slots)) to \(move.target.address) did not end within "
                        + "\(context.options.atomicTimeout) s and was cancelled (state \(ended.state)); the slots stay on \(move.source.address)",
                    node: move.source.address
                )
            }
            // After the timeout's check, so that a short --atomic-timeout ends the job as it says.
            if ContinuousClock.now >= targetCheck {
                if let ended = try await cancelUnlessTargetAnswers(job, of: move, context: context) { return ended }
                targetCheck = ContinuousClock.now + .seconds(1)
            }
            try? await Task.sleep(for: interval)
            interval = min(interval * 2, .milliseconds(5))
            if let current = try await Self.job(named: job.name, on: move.source) {
                if current.isFinished { return current }
            } else {
                return try await vanished(job, of: move)
            }
        }
    }

    /// `nil` when the target answers `PING` within the command timeout (any reply, an error such as
    /// `NOPERM`, `BUSY` or `LOADING` included: it answers); else cancels the job and
    /// fails naming the target (or returns the job, should it have succeeded meanwhile). The source
    /// goes on waiting for a target cut off from it until the server's own timeout or
    /// ``OperationOptions/atomicTimeout``, a minute or more, long past the timeouts the user gave.
    private func cancelUnlessTargetAnswers(
        _ job: SlotMigrationJob, of move: SlotMove, context: MigrationContext
    ) async throws(TribError) -> SlotMigrationJob? {
        do throws(TribError) {
            _ = try await move.target.pipeline([RedisCommand("PING")], timeout: context.options.connection.commandTimeout)
            return nil
        } catch {
            // The connection is closed after a timeout; the next operation opens a new one.
            await context.trib.pool.discard(move.target.address)
            let ended = try await cancel(job, of: move)
            if ended.state == "success" { return ended }
            throw TribError(
                .nodeError,
                "\(move.target.address) does not answer (\(error.message)) while the atomic migration \(job.name) moves slot(s) "
                    + "\(SlotSet(move.slots)) to it; the job was cancelled (state \(ended.state)): the slots stay on \(move.source.address) "
                    + "unless \(move.target.address) took them over before it stopped answering; once it answers, "
                    + "`redis-trib fix \(move.source.address)` repairs whatever is left",
                node: move.target.address,
                underlying: error.underlying
            )
        }
    }

    /// `CLUSTER CANCELSLOTMIGRATIONS` on the source, then the job as it ended (waiting up to 5 s).
    private func cancel(_ job: SlotMigrationJob, of move: SlotMove) async throws(TribError) -> SlotMigrationJob {
        // `ERR No migrations ongoing` means it ended meanwhile.
        _ = try await move.source.pipeline([RedisCommand("CLUSTER", "CANCELSLOTMIGRATIONS")])
        let deadline = ContinuousClock.now + .seconds(5)
        var last = job
        while ContinuousClock.now < deadline {
            guard let current = try await Self.job(named: job.name, on: move.source) else { return last }
            last = current
            if current.isFinished { return current }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return last
    }

    /// A job that is no longer listed (the log is short-lived): it succeeded if the target owns the slots.
    private func vanished(_ job: SlotMigrationJob, of move: SlotMove) async throws(TribError) -> SlotMigrationJob {
        var ended = job
        let view = try await move.target.topology().myself
        ended.state = view.map { SlotSet(move.slots).isSubset(of: $0.slots) } == true ? "success" : "failed"
        ended.message = "the job left the source's list of migrations before it was seen to end"
        return ended
    }

    /// Waits (up to 5 s) until the target no longer runs its side of a failed job, so that moving
    /// keys next does not race the target's clean-up of what it had imported.
    private func waitForImportToEnd(_ name: String, on target: NodeClient) async throws(TribError) {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            guard let job = try await Self.job(named: name, on: target), !job.isFinished else { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func job(named name: String, on node: NodeClient) async throws(TribError) -> SlotMigrationJob? {
        let reply = try await node.send(RedisCommand("CLUSTER", "GETSLOTMIGRATIONS"))
        return SlotMigrationJob.list(reply).first { $0.name == name }
    }
}
