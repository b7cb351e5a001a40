import RESP

/// Moves slots key by key, in groups of slots whose handshakes share one round trip per node:
///
/// 1. `SETSLOT s IMPORTING source` for every slot of the group, pipelined to the target;
/// 2. `SETSLOT s MIGRATING target` for every slot, pipelined to the source with the first
///    `CLUSTER GETKEYSINSLOT` of each (an empty slot needs nothing more), and the sizes of the
///    first keys probed;
/// 3. the keys, in rounds (``SlotGroupKeyMover``), database after database where the server keeps
///    several (Valkey's `cluster-databases`), on connections of their own so that bulk `MIGRATE`
///    traffic never holds up the control commands on the pooled connection;
/// 4. `SETSLOT s NODE target` to the target, then to the source, then to every other master.
///
/// The target always hears of a slot before the source, so a crash at any point leaves a state that
/// `fix` or a second run finishes: each step skips what the nodes' own views show as done.
///
/// Before each group's handshakes both nodes are asked again how they see themselves: a slot
/// that another operation (or tool) opened towards another node, or took, since the move began
/// stops the move before this group changes anything (``SlotStateCheck``).
///
/// The groups of a pair go through these stages like a pipeline: while one group moves its keys,
/// the next one does steps 1–2 and the one before does step 4, so the source always has keys to
/// move and never waits for handshakes.
struct KeyByKeyStrategy: SlotMoveStrategy {
    /// Slots per group.
    static let slotsPerGroup = 64

    func run(_ move: SlotMove, context: MigrationContext) async throws(TribError) -> SlotMoveOutcome {
        guard !move.slots.isEmpty else { return .moved }
        let pair = PairMover(move: move, context: context)
        context.tracker.update { $0.keyMoves += 1 }
        let groups = stride(from: 0, to: move.slots.count, by: Self.slotsPerGroup).map {
            Array(move.slots[$0..<min($0 + Self.slotsPerGroup, move.slots.count)])
        }
        if context.options.dryRun {
            for group in groups {
                try await pair.dryRun(group)
            }
        } else {
            try await pair.move(groups)
        }
        return .moved
    }
}

/// The stages of ``KeyByKeyStrategy`` for one pair.
private struct PairMover: Sendable {
    let move: SlotMove
    let context: MigrationContext

    /// A group whose handshakes are done and whose first keys are sized.
    struct PreparedGroup: Sendable {
        var slots: [HashSlot]
        var planner: KeyRoundPlanner
        /// The slots an earlier run left open between these two nodes (``SlotGroupKeyMover/resumed``).
        var resumed: Set<HashSlot>
    }

    /// Groups whose handshakes and first probes run ahead of the group moving its keys: their
    /// commands wait behind that group's batches on the source, so two are needed for the next
    /// group to be ready the moment one ends.
    static let groupsPreparing = 2

    var mover: SlotGroupKeyMover {
        SlotGroupKeyMover(move: move, context: context)
    }

    /// Moves the groups, the next one preparing and the previous one announcing while one moves keys.
    func move(_ groups: [[HashSlot]]) async throws(TribError) {
        let lanes = try await openLanes()
        var failures: [TribError] = []
        await withTaskGroup(of: TribError?.self) { announcements in
            var preparing: [Task<Result<PreparedGroup, TribError>, Never>] = groups.prefix(Self.groupsPreparing).map(prepareTask)
            var nextToPrepare = preparing.count
            while !preparing.isEmpty {
                let task = preparing.removeFirst()
                let outcome = await task.value
                guard case .success(let prepared) = outcome else {
                    if case .failure(let error) = outcome {
                        failures.append(error)
                    }
                    context.stopSignal.raise()
                    break
                }
                if nextToPrepare < groups.count, !context.stopSignal.isRaised, !Task.isCancelled {
                    preparing.append(prepareTask(groups[nextToPrepare]))
                    nextToPrepare += 1
                }
                var planner = prepared.planner
                do throws(TribError) {
                    let moved = try await moveKeys(prepared.slots, planner: &planner, lanes: lanes, resumed: prepared.resumed)
                    announcements.addTask {
                        do throws(TribError) {
                            try await announce(prepared.slots, moved: moved)
                            return nil
                        } catch {
                            context.stopSignal.raise()
                            return error
                        }
                    }
                } catch {
                    failures.append(error)
                    context.stopSignal.raise()
                    // Slots already empty need not stay open; the others do, for `fix` or a second run.
                    // With several databases the planner knows database 0 only: every slot stays open.
                    let empty = lanes.count == 1 ? prepared.slots.filter { planner.isDone($0) } : []
                    if !empty.isEmpty {
                        try? await announce(empty, moved: [:])
                    }
                    break
                }
            }
            // A group prepared but not moved stays open (no key of it moved yet); `fix` finishes it.
            for task in preparing {
                if case .failure(let error) = await task.value {
                    failures.append(error)
                }
            }
            for await failure in announcements {
                if let failure { failures.append(failure) }
            }
        }
        await close(lanes)
        if let failure = failures.combined() {
            throw failure
        }
    }

    /// Empties the slots of a prepared group on the source, database 0 first (its first windows
    /// are in `planner`), then every other database.
    private func moveKeys(
        _ slots: [HashSlot], planner: inout KeyRoundPlanner, lanes: [SlotMove], resumed: Set<HashSlot>
    ) async throws(TribError) -> [HashSlot: Int] {
        var moved = try await SlotGroupKeyMover(move: lanes[0], context: context, resumed: resumed).run(&planner)
        for lane in lanes.dropFirst() {
            let mover = SlotGroupKeyMover(move: lane, context: context, resumed: resumed)
            var lanePlanner = makePlanner(slots)
            let fetches = slots.map { KeyRoundPlanner.Fetch(slot: $0, count: lanePlanner.fetchCount) }
            let replies = try await lane.source.pipeline(fetches.map(\.command))
            lanePlanner.received(windows: try mover.windows(from: replies[...], for: fetches))
            try await mover.probe(&lanePlanner)
            for (slot, count) in try await mover.run(&lanePlanner) {
                moved[slot, default: 0] += count
            }
        }
        return moved
    }

    /// The move once per database the source keeps, each on connections of its own: the source's
    /// in that database, and the target's too beyond database 0 (its keys are checked there) or
    /// with the dump transfer.
    private func openLanes() async throws(TribError) -> [SlotMove] {
        var lanes: [SlotMove] = []
        do throws(TribError) {
            for database in 0..<max(1, move.databases) {
                var lane = move
                lane.database = database
                lane.source = try await context.trib.dedicatedClient(move.source.address, database: database)
                if ownsTarget(database) {
                    do throws(TribError) {
                        lane.target = try await context.trib.dedicatedClient(move.target.address, database: database)
                    } catch {
                        await lane.source.connection.close()
                        throw error
                    }
                }
                lanes.append(lane)
            }
        } catch {
            await close(lanes)
            throw error
        }
        return lanes
    }

    /// Closes the connections ``openLanes()`` opened.
    private func close(_ lanes: [SlotMove]) async {
        for lane in lanes {
            await lane.source.connection.close()
            if ownsTarget(lane.database) {
                await lane.target.connection.close()
            }
        }
    }

    /// Whether a lane has a target connection of its own: beyond database 0, and with the dump
    /// transfer, whose `RESTORE`s must not hold up the control commands on the pooled connection.
    private func ownsTarget(_ database: Int) -> Bool {
        database != 0 || context.options.transfer == .dump
    }

    private func makePlanner(_ slots: [HashSlot]) -> KeyRoundPlanner {
        KeyRoundPlanner(
            slots: slots,
            limits: KeyRoundPlanner.Limits(keysPerBatch: context.options.keysPerBatch, bytesPerBatch: context.options.bytesPerBatch),
            probing: !move.sourceImports
        )
    }

    private func prepareTask(_ slots: [HashSlot]) -> Task<Result<PreparedGroup, TribError>, Never> {
        Task {
            let result: Result<PreparedGroup, TribError>
            do throws(TribError) {
                result = .success(try await prepare(slots))
            } catch {
                result = .failure(error)
            }
            return result
        }
    }

    /// Steps 1 and 2: the handshakes, the first windows, and their sizes.
    private func prepare(_ slots: [HashSlot]) async throws(TribError) -> PreparedGroup {
        let views = try await checkedViews(slots)
        // Open on both sides before this run's handshakes: an earlier run (killed, or stopped) left them so.
        let resumed = Set(
            slots.filter {
                views.source?.slots.contains($0) == true && views.source?.migrating[$0] == move.targetID && views.target?.importing[$0] == move.sourceID
            })
        try await setImporting(slots, targetView: views.target)
        let migrating = migratingCommands(slots, sourceView: views.source)
        var planner = makePlanner(slots)
        let fetch = planner.fetchCount
        let fetches = slots.map { KeyRoundPlanner.Fetch(slot: $0, count: fetch) }
        let replies = try await move.source.pipeline(migrating + fetches.map(\.command))
        for (command, reply) in zip(migrating, replies) where reply.isError {
            throw TribError(.nodeError, "\(command) failed: \(reply.string ?? "")", node: move.source.address)
        }
        planner.received(windows: try mover.windows(from: replies.dropFirst(migrating.count), for: fetches))
        try await mover.probe(&planner)
        return PreparedGroup(slots: slots, planner: planner, resumed: resumed)
    }

    /// The source's and the target's own entries, read now, once the group's slots are shown to be
    /// still this move's: owned by the source (or by the target, moved already) and open towards
    /// no other node. Fails, changing nothing, when the lease was lost or a slot changed.
    private func checkedViews(_ slots: [HashSlot]) async throws(TribError) -> (source: ClusterNode?, target: ClusterNode?) {
        try context.checkStop()
        try await context.trib.requireLeases([move.source.address])
        let views = try await context.trib.forEachNode([move.source.address, move.target.address]) { trib, address throws(TribError) in
            try await trib.client(address).topology().myself
        }
        let (source, target) = (views[0], views[1])
        let check = SlotStateCheck(sourceID: move.sourceID, targetID: move.targetID, source: source, target: target)
        if let problem = check.problem(in: slots) {
            throw TribError(
                .preconditionFailed,
                "\(problem) since this move from \(move.source.address) to \(move.target.address) began: another operation is "
                    + "changing it; stopped before touching it (slots already moved stay moved)",
                node: move.source.address
            )
        }
        return (source, target)
    }

    /// `SETSLOT IMPORTING` on the target for the slots it neither owns nor imports from the source yet.
    private func setImporting(_ slots: [HashSlot], targetView: ClusterNode?) async throws(TribError) {
        let importing = slots.filter { targetView?.slots.contains($0) != true && targetView?.importing[$0] != move.sourceID }
        if !importing.isEmpty {
            _ = try await move.target.pipelineChecked(
                importing.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "IMPORTING", move.sourceID) }
            )
        }
    }

    /// `SETSLOT MIGRATING` for the slots the source owns and does not migrate to the target yet.
    private func migratingCommands(_ slots: [HashSlot], sourceView: ClusterNode?) -> [RedisCommand] {
        slots.filter { sourceView?.slots.contains($0) == true && sourceView?.migrating[$0] != move.targetID }
            .map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "MIGRATING", move.targetID) }
    }

    /// A dry run of one group: the handshakes and owners as would-send events, one `MIGRATE` line
    /// per slot that holds keys.
    func dryRun(_ slots: [HashSlot]) async throws(TribError) {
        let views = try await checkedViews(slots)
        try await setImporting(slots, targetView: views.target)
        let migrating = migratingCommands(slots, sourceView: views.source)
        if !migrating.isEmpty {
            _ = try await move.source.pipelineChecked(migrating)
        }
        let counts = try await move.source.pipelineChecked(slots.map { RedisCommand("CLUSTER", "COUNTKEYSINSLOT", String($0.rawValue)) })
        for (slot, reply) in zip(slots, counts) {
            let count = reply.int ?? 0
            guard count > 0 else { continue }
            let command = RedisCommand(
                "MIGRATE", move.target.address.host, String(move.target.address.port), "", "0",
                String(context.options.migrateTimeoutMilliseconds), "KEYS", "(\(count) keys of slot \(slot))"
            )
            context.trib.report(.wouldSend(node: move.source.address, command: command))
        }
        try await announce(slots, moved: [:])
    }

    /// Step 4: `SETSLOT NODE` on the target, the source, then the other masters; reports the slots moved.
    func announce(_ slots: [HashSlot], moved: [HashSlot: Int]) async throws(TribError) {
        let commands = slots.map { RedisCommand("CLUSTER", "SETSLOT", String($0.rawValue), "NODE", move.targetID) }
        _ = try await move.target.pipelineChecked(commands)
        let replies = try await move.source.pipeline(commands)
        let refusals = zip(commands, replies).filter(\.1.isError)
        if let refusal = refusals.first, refusals.allSatisfy({ $0.1.string?.hasPrefix("NOREPLICAS") == true }) {
            // Valkey 8+ makes a primary wait until its replicas have the SETSLOT; a replica that the
            // cluster moved to another master meanwhile (replica migration, once the source gave its
            // last slot) never answers, and the wait ends in NOREPLICAS (valkey-io/valkey#899). The
            // target owns the slot under a newer epoch already, so gossip brings the source along;
            // the agreement the operation waits for at its end makes sure of it.
            context.trib.step("\(move.source.address) answered \(refusal.1.string ?? "NOREPLICAS") to \(refusal.0); the target owns the slot(s)")
        } else if let refusal = refusals.first(where: { $0.1.string?.hasPrefix("NOREPLICAS") != true }) {
            // The targets' claims can reach the source by gossip first; a source left with no slot
            // then turns into a replica of the master that took its last one (this move's target, or
            // another when it drains into several) and refuses SETSLOT. A master only turns replica
            // once it owns no slot, so every key of it has moved: that is the move done.
            let me = try await move.source.topology().myself
            guard me?.isReplica == true else {
                throw TribError(.nodeError, "\(refusal.0) failed: \(refusal.1.string ?? "")", node: move.source.address)
            }
        }
        // The other masters learn the owner by gossip too; telling them speeds it up, and a refusal
        // (a node that has just become a replica, or is unreachable) is not an error of the move.
        let trib = context.trib
        let others = move.otherMasters
        let notify: @Sendable (NodeAddress) async -> Void = { address in
            do throws(TribError) {
                _ = try await trib.client(address).pipelineChecked(commands)
            } catch {
                trib.step("\(address) was not told the new owner of slot(s) \(SlotSet(slots)): \(error.message)")
            }
        }
        if context.options.dryRun {
            for address in others {
                await notify(address)
            }
        } else {
            await withTaskGroup(of: Void.self) { group in
                for address in others {
                    group.addTask { await notify(address) }
                }
            }
        }
        var inPlace = 0
        for slot in slots {
            if move.alreadyOnTarget.contains(slot) {
                inPlace += 1
            } else {
                trib.report(.slotMoved(slot: slot, source: move.source.address, target: move.target.address, keys: moved[slot] ?? 0))
            }
        }
        context.tracker.update { [inPlace] counters in
            counters.slotsDone += slots.count
            counters.slotsInPlace += inPlace
        }
    }
}
