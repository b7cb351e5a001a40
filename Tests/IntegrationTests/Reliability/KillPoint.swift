/// A moment of a slot move, recognised in `redis-trib -v` output (each command sent, one line), at
/// which a test kills the tool or a node.
enum KillPoint: CaseIterable, Sendable, CustomStringConvertible {
    /// Once a target was told `CLUSTER SETSLOT … IMPORTING`.
    case afterImporting
    /// Once a source was told `CLUSTER SETSLOT … MIGRATING`.
    case afterMigrating
    /// At the third `MIGRATE` batch.
    case midBatch
    /// Once the first `CLUSTER SETSLOT … NODE` went out (the target's), before the source's.
    case betweenSetSlotNodes
    /// After a random delay (0–0.8 s), wherever the tool is; the slot moves may be atomic on Valkey.
    case randomTime

    var description: String {
        switch self {
        case .afterImporting: "after IMPORTING"
        case .afterMigrating: "after MIGRATING"
        case .midBatch: "mid-batch"
        case .betweenSetSlotNodes: "between the SETSLOT NODEs"
        case .randomTime: "at a random time"
        }
    }

    /// Whether `line` of the `-v` output is this point; `migrates` counts the MIGRATE lines seen so far.
    func matches(_ line: String, migrates: inout Int) -> Bool {
        let words = line.split(separator: " ")
        if words.count > 1, words[1].uppercased() == "MIGRATE" { migrates += 1 }
        let setSlot = words.count > 4 && words[1].uppercased() == "CLUSTER" && words[2].uppercased() == "SETSLOT"
        switch self {
        case .afterImporting: return setSlot && words[4] == "IMPORTING"
        case .afterMigrating: return setSlot && words[4] == "MIGRATING"
        case .midBatch: return migrates >= 3
        case .betweenSetSlotNodes: return setSlot && words[4] == "NODE"
        case .randomTime: return false
        }
    }
}
