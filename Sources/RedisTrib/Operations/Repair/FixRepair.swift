/// One repair `fix` plans: a stable code, a sentence naming the nodes, the nodes and slots it
/// concerns and the keys it moves or keeps, as data for any renderer.
public struct FixRepair: Sendable, Hashable, CustomStringConvertible {
    /// What kind of repair it is; the raw value is the stable code tests and JSON output match.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An open slot whose owner is known: its move is finished, keys included.
        case finishMove = "finish-move"
        /// An open slot whose target failed and does not answer: closed on its owner, whose keys stay.
        case closeOpenSlot = "close-open-slot"
        /// An `IMPORTING` that names a node not owning the slot, on a node with no key of it: cleared.
        case clearStaleImport = "clear-stale-import"
        /// Slots no master owns: added to the master that holds keys of them, or to the masters with the fewest slots.
        case assignUncoveredSlots = "assign-uncovered-slots"
        /// Slots whose only owner does not answer, taken by a live master (`--take-unreachable-slots` only).
        case takeUnreachableSlots = "take-unreachable-slots"
        /// Slots the views give to several owners: the one with the most keys keeps them and every node is told.
        case settleOwner = "settle-owner"
        /// Keys a master holds in slots another master owns: moved into the owner.
        case moveStrayKeys = "move-stray-keys"
        /// A replica's `MIGRATING`/`IMPORTING` marker that its master no longer has: cleared on the replica.
        case clearReplicaMarker = "clear-replica-marker"
        /// Settings a killed tool changed while it waited (``SavedSettings``): put back, and their record deleted.
        case restoreSettings = "restore-settings"
    }

    /// What kind of repair it is.
    public var kind: Kind
    /// The repair in one sentence, naming the nodes, the slots and the keys.
    public var message: String
    /// The nodes it concerns, each once: the one that gives or holds first, the one that takes or keeps next.
    public var nodes: [Disagreement.NodeReference]
    /// The slots it concerns.
    public var slots: SlotSet
    /// The keys it moves (or, for a slot that changes owner in place, the keys the new owner holds); `0` when none.
    public var keys: Int
    /// What the operator does for it.
    var action: FixAction

    init(_ kind: Kind, _ message: String, nodes: [Disagreement.NodeReference], slots: SlotSet, keys: Int = 0, action: FixAction) {
        self.kind = kind
        self.message = message
        var seen: Set<Disagreement.NodeReference> = []
        self.nodes = nodes.filter { seen.insert($0).inserted }
        self.slots = slots
        self.keys = keys
        self.action = action
    }

    /// The sentence.
    public var description: String { message }
}
