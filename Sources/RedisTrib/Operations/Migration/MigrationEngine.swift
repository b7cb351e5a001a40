import RESP

/// Moves slots, keys included, for every operation that moves them (`migrate_slots`, `join`,
/// `quit`, `fix`).
///
/// - Each (source, target) pair is a ``SlotMove``; up to ``OperationOptions/parallelMoves`` pairs
///   move at once. A slot belongs to one pair only, so no slot is ever moved by two tasks.
/// - Per pair, ``OperationOptions/atomic`` picks the strategy (``SlotMoveStrategy``): in `auto`,
///   slots that are stable on both sides move with ``ValkeyAtomicStrategy`` when the source has
///   `CLUSTER MIGRATESLOTS` (asked with `COMMAND INFO`, not guessed from a version), and fall back
///   to ``KeyByKeyStrategy`` when it does not or refuses; slots a previous run left open always
///   finish key by key.
/// - The first failure stops the other pairs at their next safe point; every failure is reported
///   in the error thrown. Ctrl-C stops every pair the same way.
/// - ``OperationEvent/progress(_:)`` is reported twice a second and as slots finish, and
///   ``OperationEvent/migrationFinished(_:)`` at the end.
struct MigrationEngine: Sendable {
    let trib: ClusterOperator

    /// Moves every pair's slots, and returns what moved (also reported as
    /// ``OperationEvent/migrationFinished(_:)`` when events are asked for).
    ///
    /// - Throws: ``TribError``: `.invalidArgument` when a slot is in two moves; `.preconditionFailed`
    ///   when another operation holds a source's move lease (``MoveLease``) or changed a slot since
    ///   the move began; the failures of the moves otherwise (slots may be left open for `fix`).
    @discardableResult
    func run(_ moves: [SlotMove]) async throws(TribError) -> MigrationSummary {
        let moves = moves.filter { !$0.slots.isEmpty }
        guard !moves.isEmpty else { return .nothingMoved }
        var seen = SlotSet()
        for move in moves {
            let slots = SlotSet(move.slots)
            guard seen.isDisjoint(with: slots) else {
                throw TribError(.invalidArgument, "slot(s) \(seen.intersection(slots)) are in two moves at once")
            }
            seen.formUnion(slots)
        }
        // One operation per slot: the sources' leases are held for the whole run.
        let sources = moves.map(\.source.address)
        return try await trib.withMoveLeases(on: sources, operation: "move") { () async throws(TribError) in
            try await runLeased(moves, slotCount: seen.count)
        }
    }

    private func runLeased(_ moves: [SlotMove], slotCount: Int) async throws(TribError) -> MigrationSummary {
        var moves = moves
        let options = trib.options
        let reporting = options.events != nil && !options.dryRun
        let tracker = ProgressTracker(slotsTotal: slotCount, events: reporting ? options.events : nil)
        let context = MigrationContext(trib: trib, tracker: tracker, stopSignal: StopSignal())
        if !options.dryRun {
            moves = try await countKeys(moves)
            let total = moves.reduce(0) { $0 + $1.keyCounts.values.reduce(0, +) }
            tracker.update { $0.keysTotal = total }
        }
        let width = options.dryRun ? 1 : max(1, options.parallelMoves)
        let failures = await withTaskGroup(of: Void.self) { group in
            if reporting {
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(500))
                        if Task.isCancelled { break }
                        tracker.tick()
                    }
                }
            }
            // Cancellation reaches every task through the stop signal, those preparing ahead too.
            let failures = await withTaskCancellationHandler {
                await context.forEach(moves, width: width) { move throws(TribError) in
                    try await Self.run(move, context: context)
                }
            } onCancel: {
                context.stopSignal.cancel()
            }
            group.cancelAll()
            return failures
        }
        let failure = failures.combined()
        // The tracker reports only when events are asked for (``reporting``); the summary is returned always.
        let summary = tracker.finish(completed: failure == nil)
        if var failure {
            if !options.dryRun {
                let addresses = Array(Set(moves.flatMap { [$0.source.address, $0.target.address] }))
                let wait = min(trib.options.connection.commandTimeout, 2)
                let views = await Self.ownViews(of: addresses, waiting: wait, trib: trib)
                failure = Self.namingCulprit(failure, moves: moves, silent: Set(addresses.filter { views[$0] == nil }), waited: wait)
                failure.message += Self.leftover(moves, views: views, addresses: addresses)
            }
            throw failure
        }
        return summary
    }

    /// Each node's own entry, read in parallel on connections of their own (a pooled one may have
    /// been closed by the failure), each waited for at most `seconds`; a node that does not answer
    /// is left out.
    private static func ownViews(of addresses: [NodeAddress], waiting seconds: Double, trib: ClusterOperator) async -> [NodeAddress: ClusterNode] {
        let views = await FanOut.map(addresses) { address -> ClusterNode? in
            do throws(TribError) {
                let client = try await trib.dedicatedClient(address, database: 0)
                defer { Task { await client.connection.close() } }
                let reply = try await client.send(RedisCommand("CLUSTER", "NODES"), timeout: seconds)
                return try client.topology(from: reply).myself
            } catch {
                return nil
            }
        }
        var byAddress: [NodeAddress: ClusterNode] = [:]
        for (address, view) in zip(addresses, views) {
            byAddress[address] = view
        }
        return byAddress
    }

    /// The failure, blamed on the right node: a source that stopped answering while it ran
    /// `MIGRATE`s is usually waiting on its target (the server blocks in `MIGRATE` until the target
    /// answers or the `MIGRATE` timeout ends); when that target did not answer either (`silent`),
    /// the error names it.
    static func namingCulprit(_ failure: TribError, moves: [SlotMove], silent: Set<NodeAddress>, waited seconds: Double) -> TribError {
        guard case .commandTimeout = failure.underlying?.kind, let source = failure.node,
            let move = moves.first(where: { $0.source.address == source && silent.contains($0.target.address) })
        else { return failure }
        let target = move.target.address
        let silence = RedisError(node: target, kind: .commandTimeout(command: "CLUSTER NODES", seconds: seconds))
        return TribError(
            .nodeError,
            "\(target) does not answer (\(silence.reason)); \(source) was moving keys to it with MIGRATE and waits on it, "
                + "so it stopped answering too (\(failure.message)); once \(target) answers, `redis-trib fix \(source)` finishes the move",
            node: target,
            underlying: silence
        )
    }

    /// What a failed or stopped run leaves, for its message: slots moved, slots open and the
    /// command that finishes them, from the nodes' own views (`views`; a node of `addresses` not
    /// in it did not answer and is named instead).
    static func leftover(_ moves: [SlotMove], views: [NodeAddress: ClusterNode], addresses: [NodeAddress]) -> String {
        var moved = SlotSet()
        var open: [(SlotSet, SlotMove)] = []
        for move in moves {
            guard let source = views[move.source.address], let target = views[move.target.address] else { continue }
            let slots = SlotSet(move.slots)
            moved.formUnion(slots.intersection(target.slots).subtracting(SlotSet(source.migrating.keys)))
            let left = slots.intersection(SlotSet(source.migrating.keys).union(SlotSet(target.importing.keys)))
            if !left.isEmpty {
                open.append((left, move))
            }
        }
        let unread = addresses.filter { views[$0] == nil }.map(\.description).sorted()
        // A move whose source or target did not answer adds nothing to `moved`: the count is then a lower bound.
        let partly = moves.contains { views[$0.source.address] == nil || views[$0.target.address] == nil }
        var text = partly ? (moved.isEmpty ? "" : "; at least \(moved.count) slot(s) moved") : "; \(moved.count) slot(s) moved"
        if open.isEmpty {
            text += unread.isEmpty ? ", none left open" : ""
        } else {
            text += (text.isEmpty ? "; left open: " : ", left open: ")
            text += open.map { "\($0.0) from \($0.1.source.address) to \($0.1.target.address)" }.joined(separator: ", ")
            text += "; `redis-trib fix \(open[0].1.source.address)` finishes them"
        }
        if !unread.isEmpty {
            text += "; \(unread.joined(separator: ", ")) did not answer, so what is left there is unknown: run `redis-trib fix` once it answers"
        }
        return text
    }

    /// Moves one pair: atomically what can be, key by key the rest.
    private static func run(_ move: SlotMove, context: MigrationContext) async throws(TribError) {
        var keySlots = move.slots
        let mode = context.options.atomic
        if mode != .never {
            // Read once for both strategies: a refused atomic move changed nothing, and the slots
            // left to move key by key are not the ones that moved atomically.
            let views = await FanOut.map([move.source, move.target]) { node -> Result<ClusterNode?, TribError> in
                do throws(TribError) {
                    return .success(try await node.topology().myself)
                } catch {
                    return .failure(error)
                }
            }
            let sourceView = try views[0].get()
            let targetView = try views[1].get()
            let stable = move.slots.filter { slot in
                sourceView?.slots.contains(slot) == true && sourceView?.migrating[slot] == nil
                    && targetView?.importing[slot] == nil && targetView?.slots.contains(slot) != true
            }
            if mode == .always, stable.count < move.slots.count {
                let open = SlotSet(move.slots).subtracting(SlotSet(stable))
                throw TribError(
                    .atomicMigrationFailed,
                    "slot(s) \(open) are half-moved or already on \(move.target.address), which atomic migration cannot finish; "
                        + "run `fix`, or this command without --atomic",
                    node: move.source.address
                )
            }
            if !stable.isEmpty {
                if try await ValkeyAtomicStrategy.isSupported(by: move.source) {
                    switch try await ValkeyAtomicStrategy().run(move.with(slots: stable), context: context) {
                    case .moved:
                        let moved = Set(stable)
                        keySlots = move.slots.filter { !moved.contains($0) }
                    case .refused(let reason):
                        guard mode == .auto else {
                            throw TribError(
                                .atomicMigrationFailed,
                                "\(move.source.address) refused the atomic migration of slot(s) \(SlotSet(stable)) to \(move.target.address): \(reason)",
                                node: move.source.address
                            )
                        }
                        context.trib.step("\(move.source.address) refused atomic slot migration (\(reason)); moving keys instead")
                        context.tracker.update { $0.fallbacks += 1 }
                    }
                } else if mode == .always {
                    throw TribError(
                        .atomicMigrationFailed,
                        "\(move.source.address) has no CLUSTER MIGRATESLOTS (atomic slot migration needs Valkey 9 or later); run without --atomic",
                        node: move.source.address
                    )
                }
            }
        }
        if !keySlots.isEmpty {
            _ = try await KeyByKeyStrategy().run(move.with(slots: keySlots), context: context)
        }
    }

    /// The moves with their source's database count and the keys of each slot counted there
    /// (every database), two round trips per move.
    private func countKeys(_ moves: [SlotMove]) async throws(TribError) -> [SlotMove] {
        var counted: [SlotMove] = []
        for var move in moves {
            move.databases = try await move.source.clusterDatabases()
            move.keyCounts = try await move.source.keyCounts(move.slots, databases: move.databases)
            counted.append(move)
        }
        return counted
    }
}
