import RESP

/// What `check` reads of one node beside its view of the cluster: its replication link, the lag
/// of the replicas it serves, and the Valkey atomic slot migration jobs it takes part in.
public struct NodeHealth: Sendable, Hashable {
    /// The node.
    public var node: Disagreement.NodeReference
    /// For a replica, whether its link to its master is up (`master_link_status` of
    /// `INFO replication`); `nil` for a master.
    public var masterLinkUp: Bool?
    /// For a replica whose link is down, whether it is down because the first sync is still running.
    public var syncInProgress: Bool
    /// For a master, the replicas connected to it, each with the seconds since it last acknowledged
    /// the replication stream (the `lag` of its `slaveN` line).
    public var replicaLags: [ReplicaLag]
    /// Its `CLUSTER GETSLOTMIGRATIONS` jobs, finished ones included; none on servers without it.
    public var jobs: [SlotMigrationJob]
    /// The `cluster_current_epoch` of its `CLUSTER INFO`: the epoch space it lives in, which gossip
    /// makes the same on every node of one cluster.
    public var currentEpoch: UInt64?
    /// Its record of settings a tool changed for a while and did not put back (``SavedSettings``);
    /// `nil` when there is none.
    public var savedSettings: SavedSettings?
    /// Whether the run that made ``savedSettings`` still runs and waits (``SavedSettings``): the
    /// record is then that run's to put back, not a killed run's.
    public var savedSettingsInUse = false

    /// One replica connected to a master, as the master's `INFO replication` lists it.
    public struct ReplicaLag: Sendable, Hashable {
        /// Where the master sees the replica: the IP of its connection and the port it announced.
        public var address: NodeAddress
        /// Seconds since its last acknowledgement.
        public var seconds: Int

        /// The replica at `address`, `seconds` behind.
        public init(address: NodeAddress, seconds: Int) {
            self.address = address
            self.seconds = seconds
        }
    }

    /// The health of `node`, as given.
    public init(
        node: Disagreement.NodeReference, masterLinkUp: Bool? = nil, syncInProgress: Bool = false, replicaLags: [ReplicaLag] = [],
        jobs: [SlotMigrationJob] = [], currentEpoch: UInt64? = nil, savedSettings: SavedSettings? = nil
    ) {
        self.node = node
        self.masterLinkUp = masterLinkUp
        self.syncInProgress = syncInProgress
        self.replicaLags = replicaLags
        self.jobs = jobs
        self.currentEpoch = currentEpoch
        self.savedSettings = savedSettings
    }

    /// The health of `node` from its `INFO replication` fields, its jobs and its current epoch.
    ///
    /// A `slaveN` line that does not parse (no IP, port or lag) is left out.
    init(
        node: Disagreement.NodeReference, replication: [String: String], jobs: [SlotMigrationJob], currentEpoch: UInt64? = nil,
        savedSettings: SavedSettings? = nil
    ) {
        var lags: [ReplicaLag] = []
        for (name, value) in replication where name.hasPrefix("slave") && name.dropFirst(5).allSatisfy(\.isNumber) {
            var fields: [String: String] = [:]
            for pair in value.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let host = fields["ip"], let port = fields["port"].flatMap(Int.init), let lag = fields["lag"].flatMap(Int.init) else { continue }
            lags.append(ReplicaLag(address: NodeAddress(host: host, port: port), seconds: lag))
        }
        let isReplica = replication["role"] == "slave"
        self.init(
            node: node,
            masterLinkUp: isReplica ? replication["master_link_status"] == "up" : nil,
            syncInProgress: replication["master_sync_in_progress"] == "1",
            replicaLags: lags.sorted { $0.address < $1.address },
            jobs: jobs, currentEpoch: currentEpoch, savedSettings: savedSettings)
    }
}
