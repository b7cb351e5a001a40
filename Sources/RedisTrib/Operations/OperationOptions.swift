import RESP

/// How operations connect, wait and move keys.
public struct OperationOptions: Sendable {
    /// The keys per batch the engine uses at most: a batch size is clamped to it, so no sum or
    /// product of batch sizes can overflow.
    public static let keysPerBatchRange: ClosedRange<Int> = 1...1_000_000
    /// The bytes per batch the engine uses at most (1 GiB), clamped likewise.
    public static let bytesPerBatchRange: ClosedRange<Int> = 1...(1 << 30)

    /// Timeouts and credentials for every connection (credentials are passed on to `MIGRATE` too).
    public var connection: ConnectionOptions
    /// How long to wait for the cluster to agree after a change, in seconds (default 60).
    public var waitTimeout: Double
    /// How often to ask the nodes while waiting, in seconds (default 0.1).
    public var pollInterval: Double
    /// Overwrite keys that exist on the target with a different value (`--replace`).
    public var replaceBusyKeys: Bool
    /// Go on although slots are already migrating or importing elsewhere (`--force`).
    public var force: Bool
    /// Most keys one `MIGRATE … KEYS` moves (default 1000); clamped to ``keysPerBatchRange``.
    public var keysPerBatch: Int
    /// Most bytes one `MIGRATE … KEYS` moves, as `MEMORY USAGE` estimates them (default 16 MiB).
    ///
    /// The source builds a whole batch in memory before sending it, so this bounds the memory a
    /// move adds to the source; a key bigger than this moves alone. Clamped to ``bytesPerBatchRange``.
    public var bytesPerBatch: Int
    /// The timeout `MIGRATE` itself is given, in milliseconds (default 60000, as redis-cli).
    ///
    /// The server applies it to every wait for the target, not to the whole command.
    public var migrateTimeoutMilliseconds: Int
    /// The timeout for a `MIGRATE` of a single key after a batch holding it timed out, in
    /// milliseconds; `nil` for ten times ``migrateTimeoutMilliseconds``, at least 60 s.
    public var singleKeyMigrateTimeoutMilliseconds: Int?
    /// How keys travel when slots move key by key (default ``KeyTransfer/migrate``).
    public var transfer: KeyTransfer
    /// How many (source, target) pairs move slots at once when an operation has several (default 4; 1 moves them one after the other).
    public var parallelMoves: Int
    /// Whether slots move with the server's atomic slot migration or key by key (default ``AtomicMode/auto``).
    public var atomic: AtomicMode
    /// How long one atomic slot migration may take before it is cancelled, in seconds (default 3600).
    public var atomicTimeout: Double
    /// The host given to a node that does not know its own address, like the Python `default_host`.
    public var defaultHost: String
    /// Check everything and report every change as ``OperationEvent/wouldSend(node:command:)`` instead of making it.
    public var dryRun: Bool
    /// Called with what the operation is doing, for `-v`, progress bars and JSON events.
    public var events: (@Sendable (OperationEvent) -> Void)?

    /// Makes options with redis-cli's defaults.
    public init(
        connection: ConnectionOptions = ConnectionOptions(),
        waitTimeout: Double = 60,
        pollInterval: Double = 0.1,
        replaceBusyKeys: Bool = false,
        force: Bool = false,
        keysPerBatch: Int = 1000,
        bytesPerBatch: Int = 16 << 20,
        migrateTimeoutMilliseconds: Int = 60000,
        singleKeyMigrateTimeoutMilliseconds: Int? = nil,
        transfer: KeyTransfer = .migrate,
        parallelMoves: Int = 4,
        atomic: AtomicMode = .auto,
        atomicTimeout: Double = 3600,
        defaultHost: String = "127.0.0.1",
        dryRun: Bool = false,
        events: (@Sendable (OperationEvent) -> Void)? = nil
    ) {
        self.connection = connection
        self.waitTimeout = waitTimeout
        self.pollInterval = pollInterval
        self.replaceBusyKeys = replaceBusyKeys
        self.force = force
        self.keysPerBatch = keysPerBatch
        self.bytesPerBatch = bytesPerBatch
        self.migrateTimeoutMilliseconds = migrateTimeoutMilliseconds
        self.singleKeyMigrateTimeoutMilliseconds = singleKeyMigrateTimeoutMilliseconds
        self.transfer = transfer
        self.parallelMoves = parallelMoves
        self.atomic = atomic
        self.atomicTimeout = atomicTimeout
        self.defaultHost = defaultHost
        self.dryRun = dryRun
        self.events = events
    }

    /// The `MIGRATE` timeout for a single key that timed out in a batch, in milliseconds.
    var effectiveSingleKeyMigrateTimeout: Int {
        // Saturating: a library user may give any Int, and the product must not trap.
        let (tenTimes, overflow) = migrateTimeoutMilliseconds.multipliedReportingOverflow(by: 10)
        return singleKeyMigrateTimeoutMilliseconds ?? max(overflow ? Int.max : tenTimes, 60000)
    }
}

/// Something an operation did or is doing.
public enum OperationEvent: Sendable, Hashable {
    /// A step in words: "adding 127.0.0.1:7003 to the cluster".
    case step(String)
    /// A slot finished moving, with the number of keys it carried.
    case slotMoved(slot: HashSlot, source: NodeAddress, target: NodeAddress, keys: Int)
    /// A dry run would send this command to this node (a change it does not make).
    case wouldSend(node: NodeAddress, command: RedisCommand)
    /// A dry run would make this change, which is no command to a node (`start 6 redis-server node(s) in …`).
    case wouldChange(String)
    /// Keys existed on both sides with equal values and were replaced on the target.
    case busyKeysReplaced(slot: HashSlot, count: Int)
    /// How far moving slots has got: sent at least twice a second while slots move, and as slots finish.
    case progress(MigrationProgress)
    /// Moving slots ended (done, failed or stopped): what moved, how fast, and how.
    case migrationFinished(MigrationSummary)
    /// `fix` decided what it will repair and is about to start: sent before its first change, so
    /// the plan can be shown before the work (a dry run or a plan with nothing to do sends none).
    case fixPlanned(FixPlan)
    /// `rebalance` or `reshard` decided which slots move and is about to move them: sent before the
    /// first slot moves, so the plan can be shown before the work (a dry run or an empty plan sends none).
    case slotsPlanned(SlotPlan)
    /// `create` chose its masters and replicas and is about to start: sent before its first change,
    /// with the warnings of the layout (a dry run sends none).
    case layoutPlanned(ClusterLayout)
}
