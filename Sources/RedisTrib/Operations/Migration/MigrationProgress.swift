/// How far moving slots has got, for progress bars and JSON events.
public struct MigrationProgress: Sendable, Hashable {
    /// Slots whose move is finished (every node that was told knows the new owner).
    public var slotsDone: Int
    /// Slots the operation moves.
    public var slotsTotal: Int
    /// Keys moved so far.
    public var keysMoved: Int
    /// Keys the slots held when the operation began (`CLUSTER COUNTKEYSINSLOT`).
    public var keysTotal: Int
    /// Seconds since the engine began its run (counting the keys included).
    public var elapsed: Double
    /// Keys moved per second, over the whole operation.
    public var keysPerSecond: Double

    /// Makes a progress report.
    public init(slotsDone: Int, slotsTotal: Int, keysMoved: Int, keysTotal: Int, elapsed: Double) {
        self.slotsDone = slotsDone
        self.slotsTotal = slotsTotal
        self.keysMoved = keysMoved
        self.keysTotal = keysTotal
        self.elapsed = elapsed
        self.keysPerSecond = elapsed > 0 ? Double(keysMoved) / elapsed : 0
    }

    /// The part done, 0…1: by keys or by slots, whichever is further (an atomic move counts its
    /// keys only when it ends, a slot only counts once its owner changed); by keys alone when no
    /// slots move (import).
    public var fraction: Double {
        // Keys moved without their slots (import) count by keys alone.
        let bySlots = slotsTotal > 0 ? Double(slotsDone) / Double(slotsTotal) : keysTotal > 0 ? 0 : 1
        let byKeys = keysTotal > 0 ? Double(keysMoved) / Double(keysTotal) : bySlots
        return min(1, max(bySlots, byKeys))
    }

    /// Seconds left at the pace so far; `nil` until something is done.
    public var eta: Double? {
        let done = fraction
        guard done > 0, elapsed > 0 else { return nil }
        return elapsed * (1 - done) / done
    }
}

/// What moving slots did, reported once at its end.
public struct MigrationSummary: Sendable, Hashable {
    /// Slots moved.
    public var slots: Int
    /// Slots asked for that were on the target already (an earlier run moved them): not moved,
    /// only their owner told to every node again.
    public var slotsInPlace: Int
    /// Slots the operation set out to move.
    public var slotsTotal: Int
    /// Keys moved.
    public var keys: Int
    /// Seconds from the start of the engine's run, the key count included, to its end.
    public var elapsed: Double
    /// (source, target) pairs moved with atomic slot migration.
    public var atomicMoves: Int
    /// (source, target) pairs moved key by key (in part or whole).
    public var keyMoves: Int
    /// Atomic migrations refused by the server, whose slots then moved key by key.
    public var fallbacks: Int
    /// `MIGRATE … KEYS` commands sent.
    public var batches: Int
    /// Batches split in two after their `MIGRATE` timed out.
    public var splits: Int
    /// Keys found on both sides with equal values and replaced on the target.
    public var busyKeysReplaced: Int
    /// Whether every slot moved: `false` when a move failed or was stopped.
    public var completed: Bool

    /// Makes a summary.
    public init(
        slots: Int, slotsInPlace: Int = 0, slotsTotal: Int, keys: Int, elapsed: Double, atomicMoves: Int = 0, keyMoves: Int = 0,
        fallbacks: Int = 0, batches: Int = 0, splits: Int = 0, busyKeysReplaced: Int = 0, completed: Bool
    ) {
        self.slots = slots
        self.slotsInPlace = slotsInPlace
        self.slotsTotal = slotsTotal
        self.keys = keys
        self.elapsed = elapsed
        self.atomicMoves = atomicMoves
        self.keyMoves = keyMoves
        self.fallbacks = fallbacks
        self.batches = batches
        self.splits = splits
        self.busyKeysReplaced = busyKeysReplaced
        self.completed = completed
    }

    /// The summary of a run with nothing to move.
    public static let nothingMoved = MigrationSummary(slots: 0, slotsTotal: 0, keys: 0, elapsed: 0, completed: true)

    /// Whether the run went as a run usually goes: every slot moved, no atomic migration refused, no
    /// batch split, no key replaced. A terminal shows the summary of any other run.
    public var isPlain: Bool {
        completed && fallbacks == 0 && splits == 0 && busyKeysReplaced == 0
    }

    /// Keys moved per second.
    public var keysPerSecond: Double {
        elapsed > 0 ? Double(keys) / elapsed : 0
    }
}
