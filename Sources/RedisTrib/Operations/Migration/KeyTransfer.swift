/// How the key-by-key engine carries keys from the source to the target.
public enum KeyTransfer: String, Sendable, Hashable, CaseIterable {
    /// `MIGRATE … KEYS` (the default): the source serializes a batch, sends it and waits for the
    /// target's `RESTORE`s, serving no other client for the whole round trip.
    case migrate
    /// `DUMP` on the source, `RESTORE … ABSTTL` on the target, then a delete on the source that only
    /// happens when the key did not change meanwhile (``DumpTransfer``): the source is busy only for
    /// the serialization and the compare, never while the target restores.
    case dump
}
