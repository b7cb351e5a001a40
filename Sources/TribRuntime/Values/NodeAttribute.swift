/// An attribute of a node value (`$n.slots`), declared once: ``NodeValue`` reads them through an
/// exhaustive switch, and completion and did-you-mean list ``allCases`` in this order.
public enum NodeAttribute: String, CaseIterable, Sendable {
    case id, addr, host, port, role, master, replicas, slots, flags, migrating
    case openSlots = "open_slots"
    case failed, myself, epoch
}
