import RESP

/// All that `check` reads of one node, in one round trip: its view, its health (with the tool's
/// record of settings to put back), the settings that should agree and how many keys it holds.
struct NodeReading: Sendable {
    /// Its view of the cluster.
    var view: NodeView
    /// Its replication link, replicas and migration jobs.
    var health: NodeHealth
    /// Its values of ``ClusterCheck/settingsThatShouldAgree``; `nil` when it refuses `CONFIG` (an ACL).
    var settings: [String: String]?
    /// How many databases it keeps in cluster mode (``NodeClient/clusterDatabases()``).
    var databases: Int
    /// `DBSIZE` of database 0.
    var keysInFirstDatabase: Int?

    /// The commands of the round trip, in the order ``init(replies:address:)`` reads them.
    static let commands: [RedisCommand] =
        [
            RedisCommand("CLUSTER", "NODES"), RedisCommand("CLUSTER", "INFO"), RedisCommand("INFO", "replication"),
            RedisCommand("CLUSTER", "GETSLOTMIGRATIONS"), RedisCommand("CONFIG", "GET", "cluster-databases"), RedisCommand("DBSIZE"),
            SavedSettings.listCommand,
        ] + ClusterCheck.settingsThatShouldAgree.map { RedisCommand("CONFIG", "GET", $0) }

    /// The reading of the node at `address` from the replies to ``commands``. A server without
    /// `CLUSTER GETSLOTMIGRATIONS` has no jobs; one that refuses `CONFIG` has one database and no
    /// settings; one that refuses `FUNCTION LIST` no record of settings to put back (``SavedSettings``).
    ///
    /// - Throws: ``TribError`` `.preconditionFailed` when the node is not cluster-enabled, `.nodeError`
    ///   when `CLUSTER NODES`, `CLUSTER INFO` or `INFO replication` fails, `.unexpectedReply` when a
    ///   reply cannot be read.
    init(replies: [RESPValue], client: NodeClient) throws(TribError) {
        let address = client.address
        guard replies.count == Self.commands.count else {
            throw TribError(.unexpectedReply, "\(Self.commands.count) replies expected, \(replies.count) received", node: address)
        }
        let (view, info) = try client.view(nodes: replies[0], info: replies[1])
        if replies[2].isError {
            throw TribError(.nodeError, "INFO replication failed: \(replies[2].string ?? "")", node: address)
        }
        self.view = view
        let topology = view.topology
        let reference = Disagreement.NodeReference(id: topology.myself?.id ?? "", address: address)
        // A replica's copy of its master's record is its master's to put back.
        let saved = SavedSettings.record(of: reference.id, in: replies[6])
        health = NodeHealth(
            node: reference, replication: NodeClient.fields(replies[2].string ?? ""),
            jobs: replies[3].isError ? [] : SlotMigrationJob.list(replies[3]),
            currentEpoch: info["cluster_current_epoch"].flatMap { UInt64($0) }, savedSettings: saved)
        databases = try client.clusterDatabases(from: replies[4])
        keysInFirstDatabase = replies[5].int
        let settingReplies = replies[7...]
        if settingReplies.contains(where: \.isError) {
            settings = nil
        } else {
            settings = NodeClient.settings(from: Array(settingReplies))
        }
    }

    /// The same reading, of the node listed at `address` (the node was reached by another name).
    func listed(at address: NodeAddress) -> NodeReading {
        var reading = self
        reading.view.address = address
        reading.health.node = Disagreement.NodeReference(id: health.node.id, address: address)
        return reading
    }
}
