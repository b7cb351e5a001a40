/// A way to move a set of slots, keys included, from one master to another.
///
/// ``MigrationEngine`` picks one per (source, target) pair:
/// - ``ValkeyAtomicStrategy``: Valkey 9's server-side `CLUSTER MIGRATESLOTS`, sent to the source,
///   followed with `CLUSTER GETSLOTMIGRATIONS`, cancelled with `CLUSTER CANCELSLOTMIGRATIONS`.
/// - ``KeyByKeyStrategy``: `CLUSTER SETSLOT` handshakes and `MIGRATE … KEYS`, on every server, and
///   the only way to finish a slot a previous run left open.
///
/// Redis 8.4's atomic slot migration fits beside them as a third strategy: `CLUSTER MIGRATION
/// IMPORT start end [start end …]` is sent to the *destination* (not the source) and answers a
/// task id; `CLUSTER MIGRATION STATUS ID id` follows that task (on either side); `CLUSTER
/// MIGRATION CANCEL ID id` cancels it and is sent to both sides, since each keeps its own task.
/// Its detection asks `COMMAND INFO CLUSTER|MIGRATION` as ``ValkeyAtomicStrategy/isSupported(by:)``
/// asks for `CLUSTER|MIGRATESLOTS`, and a refusal is returned as ``SlotMoveOutcome/refused(_:)``
/// so the engine falls back to moving keys the same way.
protocol SlotMoveStrategy: Sendable {
    /// Moves `move.slots`; returns whether they moved or the server refused to move them this way
    /// (nothing changed then).
    ///
    /// - Throws: ``TribError`` when the move failed part way (slots may be left open for `fix`),
    ///   `.cancelled` on Ctrl-C.
    func run(_ move: SlotMove, context: MigrationContext) async throws(TribError) -> SlotMoveOutcome
}

/// How a strategy's attempt ended.
enum SlotMoveOutcome: Sendable, Hashable {
    /// The slots belong to the target now.
    case moved
    /// The server would not move them this way; nothing changed. The reason, in the server's words.
    case refused(String)
}
