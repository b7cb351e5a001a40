import RESP

/// One entry of Valkey's `CLUSTER GETSLOTMIGRATIONS`: an atomic slot migration job, as the node
/// that runs one side of it sees it.
///
/// The reply is a list, newest first, of flat field/value lists (maps in RESP3):
/// `name` (40 hex characters, the same on both sides; `CLUSTER MIGRATESLOTS` only answers `OK`, so
/// the job is found as the new name after it), `operation` (`EXPORT` on the source, `IMPORT` on the
/// target), `slot_ranges` (`0-999 2000-2005`), `target_node`, `source_node`, `create_time`,
/// `last_update_time`, `last_ack_time` (Unix seconds), `state`, `message` (why it failed),
/// `cow_size`, `remaining_repl_size`. Finished jobs stay listed for a while
/// (`cluster-slot-migration-log-ttl`, `cluster-slot-migration-log-max-len`).
public struct SlotMigrationJob: Sendable, Hashable {
    /// 40 hex characters, the same on both sides.
    public var name: String
    /// `EXPORT` or `IMPORT`.
    public var operation: String
    /// The slots the job moves.
    public var slots: SlotSet
    /// The node ids of both sides.
    public var sourceID: String
    public var targetID: String
    /// `connecting`, `snapshotting`, `replicating`, `failover-paused`, …, then `success`, `failed` or `cancelled`.
    public var state: String
    /// Why it failed, in the server's words.
    public var message: String

    /// Whether the job ended (well or not).
    public var isFinished: Bool {
        ["success", "failed", "cancelled"].contains(state)
    }

    /// Reads one entry; `nil` when it lacks a name or its slot ranges do not parse.
    public init?(_ reply: RESPValue) {
        let fields = reply.fields
        guard let name = fields["name"], !name.isEmpty,
            let slots = try? SlotSet(parsing: fields["slot_ranges"] ?? "")
        else { return nil }
        self.name = name
        self.operation = fields["operation"] ?? ""
        self.slots = slots
        self.sourceID = fields["source_node"] ?? ""
        self.targetID = fields["target_node"] ?? ""
        self.state = fields["state"] ?? ""
        self.message = fields["message"] ?? ""
    }

    /// Every job in a `CLUSTER GETSLOTMIGRATIONS` reply.
    public static func list(_ reply: RESPValue) -> [SlotMigrationJob] {
        (reply.elements ?? []).compactMap(SlotMigrationJob.init)
    }
}
