import RESP

/// One node as a `CLUSTER NODES` reply describes it, from the point of view of the node that replied.
public struct ClusterNode: Sendable, Hashable {
    /// A word of the flags field, such as `myself`, `master` or `fail?`.
    ///
    /// Flags this version does not know are kept as they were written, so a newer server's flags
    /// survive a round trip.
    public struct Flag: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The flag as Redis writes it.
        public var rawValue: String

        /// The flag written `rawValue`.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `myself`: the node that produced the reply.
        public static let myself = Flag(rawValue: "myself")
        /// `master`: a primary.
        public static let master = Flag(rawValue: "master")
        /// `slave`: a replica.
        public static let replica = Flag(rawValue: "slave")
        /// `fail?`: the replying node cannot reach it (PFAIL), but the cluster has not agreed it failed.
        public static let possiblyFailed = Flag(rawValue: "fail?")
        /// `fail`: a majority of masters agreed it failed.
        public static let failed = Flag(rawValue: "fail")
        /// `handshake`: met but not yet confirmed as a cluster node.
        public static let handshake = Flag(rawValue: "handshake")
        /// `noaddr`: its address is not known.
        public static let noAddress = Flag(rawValue: "noaddr")
        /// `nofailover`: a replica that will not try to fail over its master.
        public static let noFailover = Flag(rawValue: "nofailover")

        /// The flag as Redis writes it.
        public var description: String { rawValue }
    }

    /// Whether a node serves as a master or replicates one.
    public enum Role: String, Sendable, Hashable {
        /// A master (primary): it may own slots.
        case master
        /// A replica (`slave` in the flags) of ``ClusterNode/masterID``.
        case replica
    }

    /// Whether the replying node has a working cluster-bus link to this node.
    public enum LinkState: String, Sendable, Hashable {
        /// The link is up (always so for `myself`).
        case connected
        /// The link is down.
        case disconnected
    }

    /// The 40-character node ID.
    public var id: String
    /// Where clients reach the node; `nil` while it is unknown (`:0@0`, or a fresh node's own `:7000@17000`).
    public var address: NodeAddress?
    /// The cluster-bus port; `nil` when not printed (Redis 3.x) or 0.
    public var busPort: Int?
    /// The hostname the node announces (`ip:port@cport,hostname`, Redis 7+); `nil` when none.
    public var hostname: String?
    /// Extra `key=value` fields after the hostname, as `nodes.conf` has them
    /// (Valkey 8+: `shard-id`, `tls-port`, `nodename`…); empty in `CLUSTER NODES` replies.
    public var auxiliaryFields: [String: String]
    /// The flags; `noflags` is read as the empty set.
    public var flags: Set<Flag>
    /// The ID of the master this node replicates, or `nil` (`-`).
    public var masterID: String?
    /// When the replying node sent its pending ping, in Unix milliseconds; 0 when none is pending.
    public var pingSent: UInt64
    /// When the replying node last received a pong, in Unix milliseconds.
    public var pongReceived: UInt64
    /// The node's configuration epoch (for a replica, its master's).
    public var configEpoch: UInt64
    /// Whether the replying node's link to this node is up.
    public var linkState: LinkState
    /// The slots the node owns; open slots (`[slot->-id]`, `[slot-<-id]`) are in ``migrating`` and ``importing``.
    public var slots: SlotSet
    /// Slots this node is moving away, each to the ID of the node receiving it (`[slot->-id]`).
    public var migrating: [HashSlot: String]
    /// Slots this node is receiving, each from the ID of the node giving it (`[slot-<-id]`).
    public var importing: [HashSlot: String]

    /// Makes a node from its parts.
    public init(
        id: String,
        address: NodeAddress?,
        busPort: Int? = nil,
        hostname: String? = nil,
        auxiliaryFields: [String: String] = [:],
        flags: Set<Flag>,
        masterID: String? = nil,
        pingSent: UInt64 = 0,
        pongReceived: UInt64 = 0,
        configEpoch: UInt64 = 0,
        linkState: LinkState = .connected,
        slots: SlotSet = SlotSet(),
        migrating: [HashSlot: String] = [:],
        importing: [HashSlot: String] = [:]
    ) {
        self.id = id
        self.address = address
        self.busPort = busPort
        self.hostname = hostname
        self.auxiliaryFields = auxiliaryFields
        self.flags = flags
        self.masterID = masterID
        self.pingSent = pingSent
        self.pongReceived = pongReceived
        self.configEpoch = configEpoch
        self.linkState = linkState
        self.slots = slots
        self.migrating = migrating
        self.importing = importing
    }

    /// `.replica` with the `slave` flag, `.master` with `master`, `nil` with neither (a node in handshake).
    public var role: Role? {
        if flags.contains(.replica) { return .replica }
        if flags.contains(.master) { return .master }
        return nil
    }

    /// Whether this is the node that produced the reply.
    public var isMyself: Bool { flags.contains(.myself) }

    /// Whether the node is a master.
    public var isMaster: Bool { role == .master }

    /// Whether the node is a replica.
    public var isReplica: Bool { role == .replica }

    /// Whether the node is failed or possibly failed (`fail` or `fail?`).
    public var isFailed: Bool { flags.contains(.failed) || flags.contains(.possiblyFailed) }

    /// Whether the cluster agreed that the node failed (`fail`), not only suspects it (`fail?`).
    public var isAgreedFailed: Bool { flags.contains(.failed) }

    /// Whether the node is still in handshake.
    public var isInHandshake: Bool { flags.contains(.handshake) }

    /// Whether any slot is migrating away from or being imported into this node.
    public var isMigrating: Bool { !migrating.isEmpty || !importing.isEmpty }

    /// The slots being migrated or imported, together.
    public var openSlots: SlotSet {
        SlotSet(migrating.keys).union(SlotSet(importing.keys))
    }
}
