import RESP

/// One master as ``ClusterOperator/info(_:slotKeys:)`` reports it: where it is, the slots the
/// asked node gives it, its replicas, and what the master itself said (keys, memory, open slots).
public struct MasterInfo: Sendable, Hashable {
    /// What the master answered, or why it could not be read.
    public enum Reading: Sendable, Hashable {
        /// Its keys (`DBSIZE` of every database, summed), `used_memory` in bytes, and the slots its
        /// own `CLUSTER NODES` line shows migrating or importing.
        case read(keys: Int, memoryUsed: Int, openSlots: SlotSet)
        /// It could not be read; the reason is the error's message.
        case unreachable(reason: String)
    }

    /// Its id and address.
    public var node: Disagreement.NodeReference
    /// The slots it owns, as the asked node sees them.
    public var slots: SlotSet
    /// Its replicas, as the asked node sees them.
    public var replicas: [Disagreement.NodeReference]
    /// What it answered.
    public var reading: Reading

    /// A master `node` owning `slots`, with `replicas`, that answered `reading`.
    public init(node: Disagreement.NodeReference, slots: SlotSet, replicas: [Disagreement.NodeReference], reading: Reading) {
        self.node = node
        self.slots = slots
        self.replicas = replicas
        self.reading = reading
    }

    /// Its keys, or `nil` when it could not be read.
    public var keys: Int? {
        if case .read(let keys, _, _) = reading { return keys }
        return nil
    }

    /// Its `used_memory` in bytes, or `nil` when it could not be read.
    public var memoryUsed: Int? {
        if case .read(_, let memory, _) = reading { return memory }
        return nil
    }

    /// The slots open on it (migrating or importing); empty when it could not be read.
    public var openSlots: SlotSet {
        if case .read(_, _, let open) = reading { return open }
        return SlotSet()
    }

    /// Why it could not be read, or `nil` when it answered.
    public var unreachableReason: String? {
        if case .unreachable(let reason) = reading { return reason }
        return nil
    }
}
