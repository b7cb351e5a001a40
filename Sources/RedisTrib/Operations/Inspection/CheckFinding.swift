/// One thing ``ClusterCheck`` found wrong with a cluster: how serious it is, a stable code, a
/// sentence naming the nodes, and the nodes and slots it concerns, as data for any renderer.
public struct CheckFinding: Sendable, Hashable, CustomStringConvertible {
    /// Whether a finding makes the cluster unhealthy.
    public enum Severity: String, Sendable, Hashable {
        /// The cluster is not healthy: slots are unserved, disputed or half-moved, or nodes are lost.
        case error
        /// The cluster serves every slot, but is more fragile than it should be.
        case warning
    }

    /// What kind of finding it is; the raw value is the stable code tests and JSON output match.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A node the seed knows could not be read.
        case unreachableNode = "unreachable-node"
        /// The views name different owners for some slots.
        case slotOwnerDisagreement = "slot-owner-disagreement"
        /// The views give a node different roles (master, replica of which master, or neither).
        case roleDisagreement = "role-disagreement"
        /// A node some views list is missing from others.
        case unknownNode = "unknown-node"
        /// No view assigns some slots to a master.
        case uncoveredSlots = "uncovered-slots"
        /// The only node that owns some slots is flagged `fail`.
        case failedOwner = "failed-owner"
        /// A slot is `MIGRATING` on one node and `IMPORTING` on the other, as a move leaves it.
        case openSlot = "open-slot"
        /// A slot is `MIGRATING` on a node whose target does not import it from that node.
        case loneMigrating = "lone-migrating"
        /// A slot is `IMPORTING` on a node whose source does not migrate it to that node.
        case loneImporting = "lone-importing"
        /// Some views flag a node `fail`.
        case failedNode = "failed-node"
        /// Some views flag a node `fail?`: they cannot reach it, and the cluster has not agreed it failed.
        case possiblyFailedNode = "possibly-failed-node"
        /// Some views list a node still in handshake.
        case handshakeNode = "handshake-node"
        /// Some views list a node whose address they do not know (`noaddr`).
        case noAddressNode = "noaddr-node"
        /// A master holds keys in slots it neither owns nor imports: a second copy a client never
        /// reads, or keys a move left behind.
        case keysInUnownedSlots = "keys-in-unowned-slots"
        /// A node answers `cluster_state:fail`: it refuses its clients' commands.
        case clusterStateFail = "cluster-state-fail"
        /// A Valkey atomic slot migration job is still running.
        case atomicMigrationRunning = "atomic-migration-running"
        /// A replica's link to its master is down.
        case replicaLinkDown = "replica-link-down"
        /// A replica's link to its master is down while its first sync from it runs.
        case replicaSyncing = "replica-syncing"
        /// A replica has not acknowledged its master's stream for ``ClusterCheck/replicaLagWarningSeconds`` or more.
        case replicaLagging = "replica-lagging"
        /// Two masters share a config epoch.
        case configEpochCollision = "config-epoch-collision"
        /// The nodes report different current epochs (`cluster_current_epoch`).
        case currentEpochDiffers = "current-epoch-differs"
        /// A setting that should be the same on every node differs (``ClusterCheck/settingsThatShouldAgree``).
        case settingDiffers = "setting-differs"
        /// A master serves slots and has no replica to take over if it fails.
        case masterWithoutReplica = "master-without-replica"
        /// A replica is on the same host as its master, so one machine lost loses both.
        case replicaOnMasterHost = "replica-on-master-host"
        /// A node keeps settings a tool changed while it waited (a short `cluster-node-timeout`)
        /// because the tool was killed before it put them back (``SavedSettings``); `fix` restores them.
        case settingsNotRestored = "settings-not-restored"
        /// A node keeps settings a redis-trib run that still runs changed while it waits; that run
        /// puts them back when it ends, and `fix` leaves them to it.
        case settingsInUse = "settings-in-use"

        /// How serious a finding of this kind is.
        public var severity: Severity {
            switch self {
            case .possiblyFailedNode, .handshakeNode, .masterWithoutReplica, .replicaOnMasterHost, .settingDiffers, .atomicMigrationRunning,
                .replicaSyncing, .replicaLagging, .configEpochCollision, .currentEpochDiffers, .settingsNotRestored, .settingsInUse:
                .warning
            default: .error
            }
        }
    }

    /// What kind of finding it is.
    public var kind: Kind
    /// The finding in one sentence, naming the nodes and what each of them sees.
    public var message: String
    /// The nodes involved: the ones that see the problem and the ones it is about, each once.
    public var nodes: [Disagreement.NodeReference]
    /// The slots concerned; empty when the finding is about nodes only.
    public var slots: SlotSet

    /// A finding of `kind`, told by `message`, about `nodes` and `slots`.
    public init(_ kind: Kind, _ message: String, nodes: [Disagreement.NodeReference], slots: SlotSet = SlotSet()) {
        self.kind = kind
        self.message = message
        var seen: Set<Disagreement.NodeReference> = []
        self.nodes = nodes.filter { seen.insert($0).inserted }
        self.slots = slots
    }

    /// How serious it is, from its kind.
    public var severity: Severity { kind.severity }

    /// The sentence.
    public var description: String { message }
}
