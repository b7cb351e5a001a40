/// What ``ClusterOperator/fix(_:takeUnreachableSlots:)`` does for one ``FixRepair``, by node ID.
enum FixAction: Sendable, Hashable {
    /// Finish, close or clear an open slot (``OpenSlotRepair``).
    case openSlot(OpenSlotRepair)
    /// `CLUSTER ADDSLOTSRANGE` of slots no master owns on `keeper`, then `CLUSTER BUMPEPOCH` there.
    case assign(slots: SlotSet, keeper: String)
    /// `CLUSTER SETSLOT s NODE keeper` on every master that answers, then `CLUSTER BUMPEPOCH` on
    /// `keeper`: the slots of an owner that does not answer.
    case take(slots: SlotSet, keeper: String)
    /// The keys of `slots` on `source` moved into `keeper` by the migration engine; `sourceOwns` are
    /// the slots `source` claims in its own view (opened `MIGRATING`), the others are opened
    /// `IMPORTING` from `keeper` on `source` for the move, so that `MIGRATE` works there, and closed after.
    case moveKeys(slots: SlotSet, source: String, keeper: String, sourceOwns: SlotSet)
    /// `CLUSTER SETSLOT s NODE keeper` on `keeper`, then every other master that answers, then
    /// `CLUSTER BUMPEPOCH` on `keeper`, so every view names one owner.
    case settle(slots: SlotSet, keeper: String)
    /// `CLUSTER SETSLOT s STABLE` on `replica`.
    case clearReplicaMarker(slots: SlotSet, replica: String)
    /// `CONFIG SET` of the values `saved` records on node `node`, then `FUNCTION DELETE` of the record.
    case restoreSettings(SavedSettings, node: String)
}
