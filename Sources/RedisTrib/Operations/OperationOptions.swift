import RESP

/// How operations connect, wait and move keys.
public struct OperationOptions: Sendable {
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
    /// Most keys one `MIGRATE … KEYS` moves.
    public var keysPerBatch: Int
    /// The timeout `MIGRATE` itself is given, in milliseconds (default 60000, as redis-cli).
    public var migrateTimeoutMilliseconds: Int
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
        migrateTimeoutMilliseconds: Int = 60000,
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
        self.migrateTimeoutMilliseconds = migrateTimeoutMilliseconds
        self.defaultHost = defaultHost
        self.dryRun = dryRun
        self.events = events
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
    /// Keys existed on both sides with equal values and were replaced on the target.
    case busyKeysReplaced(slot: HashSlot, count: Int)
}
