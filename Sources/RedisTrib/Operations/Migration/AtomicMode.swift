/// Whether slots move with the server's atomic slot migration (Valkey 9 `CLUSTER MIGRATESLOTS`) or key by key.
public enum AtomicMode: String, Sendable, Hashable {
    /// Atomic where the source has the command and accepts the move; key by key otherwise (the default).
    case auto
    /// Atomic only (`--atomic`): a source without the command, or one that refuses, is an error.
    case always
    /// Key by key only (`--no-atomic`): `SETSLOT` handshakes and `MIGRATE … KEYS`, on every server.
    case never
}
