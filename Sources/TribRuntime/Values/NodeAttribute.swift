/// An attribute of a node value (`$n.slots`), declared once: ``NodeValue`` reads them through an
/// exhaustive switch, completion and did-you-mean list ``allCases`` in this order, and `help .NAME`
/// and docs/LANGUAGE.md's table (checked by a test) show ``summary``.
public enum NodeAttribute: String, CaseIterable, Sendable {
    case id, addr, host, port, role, master, replicas, slots, flags, migrating
    case openSlots = "open_slots"
    case failed, myself, epoch

    /// What its value is, in one line.
    public var summary: String {
        switch self {
        case .id: "the node's id, 40 hexadecimal characters"
        case .addr: "its address `HOST:PORT`, `nil` when the cluster knows none"
        case .host: "the host of its address, `nil` when it has none"
        case .port: "the port of its address, `nil` when it has none"
        case .role: "`\"master\"` or `\"replica\"`"
        case .master: "a replica's master (a node), `nil` for masters"
        case .replicas: "a master's replicas (a list of nodes)"
        case .slots: "the slots it serves (a slot set)"
        case .flags: "its flags as `CLUSTER NODES` names them (a sorted list of strings: `fail?`, `master`, `myself`, …)"
        case .migrating: "whether a slot is open on it (migrating or importing)"
        case .openSlots: "the slots open on it (a slot set)"
        case .failed: "whether it is flagged `fail` or `fail?`"
        case .myself: "whether it is the node that was asked"
        case .epoch: "its config epoch (an integer)"
        }
    }

    /// docs/LANGUAGE.md's table of node attributes, as the declaration writes it.
    public static var documentationTable: String {
        let rows = allCases.map { "| `\($0.rawValue)` | \($0.summary) |" }
        return (["| attribute | value |", "|---|---|"] + rows).joined(separator: "\n")
    }
}
