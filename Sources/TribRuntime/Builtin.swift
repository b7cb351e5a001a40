/// A function the language provides besides the commands, declared once: its names, how many
/// arguments it takes, and its help.
///
/// Dispatch (`Evaluator.callBuiltin`) switches over these cases, so a builtin declared here and not
/// implemented does not compile; the arity is checked from ``arity`` before the call; `help`,
/// completion and did-you-mean read ``allNames``; docs/LANGUAGE.md's table is checked against
/// ``documentationTable`` by a test.
public enum Builtin: String, CaseIterable, Sendable {
    case connect, masters, replicas, nodes, node, count, slots, str, int, addr, keyslot

    /// The builtin a word names, by its name or an alias (one dictionary lookup: calls in loops ask often).
    public init?(named word: String) {
        guard let builtin = Self.byName[word] else { return nil }
        self = builtin
    }

    /// Every name of every builtin, aliases included, for completion and did-you-mean.
    public static let allNames = allCases.flatMap(\.names)

    /// Each name and alias, with its builtin.
    private static let byName = Dictionary(uniqueKeysWithValues: allCases.flatMap { builtin in builtin.names.map { ($0, builtin) } })

    /// Its name, then its aliases.
    public var names: [String] {
        switch self {
        case .count: ["count", "len"]
        case .str: ["str", "string"]
        default: [rawValue]
        }
    }

    /// How many arguments it takes.
    public var arity: ClosedRange<Int> {
        switch self {
        case .masters, .replicas, .nodes: 0...1
        case .slots: 0...Int.max
        case .connect, .node, .count, .str, .int, .addr, .keyslot: 1...1
        }
    }

    /// Its arguments as help shows them, after the name: `([ADDR])`.
    public var parameters: String {
        switch self {
        case .masters, .replicas, .nodes: "([ADDR])"
        case .connect, .node: "(ADDR)"
        case .count, .str, .int, .addr: "(x)"
        case .slots: "(x, …)"
        case .keyslot: "(KEY)"
        }
    }

    /// What it gives (or does), in one line.
    public var summary: String {
        switch self {
        case .connect:
            "makes `ADDR`'s cluster the default for what follows (as a statement: `connect ADDR`); as a call, returns its nodes"
        case .masters:
            "the master nodes of the default cluster (`connect`), or of the cluster `ADDR` belongs to"
        case .replicas: "the replica nodes, likewise"
        case .nodes: "all nodes, likewise"
        case .node: "the node at an address, from the cluster it belongs to"
        case .count: "slots in a slot set, elements of a list, characters of a string, numbers in a range"
        case .slots:
            "a slot set from slots, ranges, slot sets, nodes (their slots), lists and strings: `slots(0-99, 200)`"
        case .str: "the text of a value, as `echo` writes it"
        case .int: "an integer, from an integer or a string of digits"
        case .addr: "an address, from an address, a node or a string `HOST:PORT`"
        case .keyslot: "the hash slot of a key (CRC16 mod 16384, honouring `{hash tags}`)"
        }
    }

    /// How it is called, under each of its names: `count(x)`, `len(x)`.
    public var usages: [String] { names.map { $0 + parameters } }

    /// The reference table of docs/LANGUAGE.md, one Markdown row per builtin.
    public static var documentationTable: String {
        let rows = allCases.map { builtin in
            "| " + builtin.usages.map { "`\($0)`" }.joined(separator: ", ") + " | " + builtin.summary + " |"
        }
        return (["| builtin | value |", "|---|---|"] + rows).joined(separator: "\n")
    }
}
