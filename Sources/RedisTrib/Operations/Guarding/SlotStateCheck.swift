/// Whether the slots of a move are still the move's, from the source's and the target's own
/// views: each owned by the source (or already by the target) and open towards no other node.
/// No I/O; the key mover asks before each group's first change.
struct SlotStateCheck: Sendable {
    var sourceID: String
    var targetID: String
    /// The source's own entry (`myself`), `nil` when it did not show one.
    var source: ClusterNode?
    /// The target's own entry.
    var target: ClusterNode?

    /// The first slot that is no longer this move's, as a phrase ("slot 100 is migrating to …"), or `nil`.
    func problem(in slots: [HashSlot]) -> String? {
        for slot in slots {
            if let other = source?.migrating[slot], other != targetID {
                return "slot \(slot) is migrating from the source to node \(other)"
            }
            if let other = target?.importing[slot], other != sourceID {
                return "slot \(slot) is importing into the target from node \(other)"
            }
            let sourceOwns = source?.slots.contains(slot) == true
            let targetOwns = target?.slots.contains(slot) == true
            if !sourceOwns && !targetOwns {
                return "slot \(slot) is owned by neither the source nor the target"
            }
        }
        return nil
    }
}
