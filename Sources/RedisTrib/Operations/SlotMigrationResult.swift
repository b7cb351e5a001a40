/// What `migrate_slots` did: the slots it moved and the keys they carried, and the slots it found
/// on the target already (an earlier run moved them), counted apart so that a result says each once.
public struct SlotMigrationResult: Sendable, Hashable {
    /// The slots moved from the source to the target.
    public var moved: SlotSet
    /// The keys those slots carried.
    public var keysMoved: Int
    /// The slots asked for that the target owned already: nothing of them moved.
    public var alreadyOnTarget: SlotSet

    /// Makes a result.
    public init(moved: SlotSet, keysMoved: Int, alreadyOnTarget: SlotSet) {
        self.moved = moved
        self.keysMoved = keysMoved
        self.alreadyOnTarget = alreadyOnTarget
    }
}
