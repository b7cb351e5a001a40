/// A function the language provides besides the commands, declared once: its names, its typed
/// parameters, and its help.
///
/// Dispatch (`Evaluator.callBuiltin`) switches over these cases, so a builtin declared here and not
/// implemented does not compile; before the call, the arity (``arity``) and the type of every
/// argument are checked against ``parameters``, and usage follows from them; `help`,
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

    /// Its parameters, each with what an argument may be: the evaluator checks every argument
    /// against its parameter before the builtin runs, and arity and usage follow from them.
    public var parameters: [BuiltinParameter] {
        switch self {
        case .connect: [BuiltinParameter("ADDR", .connection)]
        case .masters, .replicas, .nodes: [BuiltinParameter("ADDR", .address, .optional)]
        case .node: [BuiltinParameter("ADDR", .node)]
        case .count: [BuiltinParameter("x", .countable)]
        case .slots: [BuiltinParameter("x", .slots, .variadic)]
        case .str: [BuiltinParameter("x", .any)]
        case .int: [BuiltinParameter("x", .integer)]
        case .addr: [BuiltinParameter("x", .address)]
        case .keyslot: [BuiltinParameter("KEY", .key)]
        }
    }

    /// How many arguments it takes, from ``parameters``.
    public var arity: ClosedRange<Int> {
        let required = parameters.count(where: { $0.presence == .required })
        return required...(parameters.contains { $0.presence == .variadic } ? Int.max : parameters.count)
    }

    /// The parameters `count` arguments are checked against, in order: the declared ones, the
    /// variadic one (if any) repeated as often as arguments are given for it.
    func parameters(forArguments count: Int) -> [BuiltinParameter] {
        guard let variadic = parameters.last, variadic.presence == .variadic else { return parameters }
        return parameters.dropLast() + Array(repeating: variadic, count: max(0, count - parameters.count + 1))
    }

    /// How it is called under `name` (its name or an alias), from ``parameters``: `masters([ADDR])`.
    public func usage(calledAs name: String) -> String {
        name + "(" + parameters.map(\.usage).joined(separator: ", ") + ")"
    }

    /// What it gives (or does), in one line.
    public var summary: String {
        switch self {
        case .connect:
            "makes `ADDR`'s cluster the default for what follows (as a statement: `connect ADDR`); as a call, returns its nodes; "
                + "given as `\"redis://USER:PASSWORD@HOST:PORT\"` (`rediss://` for TLS), its user, password and TLS go with every command after"
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
    public var usages: [String] { names.map(usage(calledAs:)) }

    /// What each parameter may be, as docs/LANGUAGE.md's table says it: `` `x`: any value ``.
    public var argumentTypes: String {
        parameters.map { parameter in
            let presence =
                switch parameter.presence {
                case .required: ""
                case .optional: " (optional)"
                case .variadic: " (any number)"
                }
            return "`\(parameter.name)`\(presence): \(parameter.type.expected)"
        }.joined(separator: "; ")
    }

    /// The reference table of docs/LANGUAGE.md, one Markdown row per builtin.
    public static var documentationTable: String {
        let rows = allCases.map { builtin in
            "| " + builtin.usages.map { "`\($0)`" }.joined(separator: ", ") + " | " + builtin.argumentTypes + " | " + builtin.summary + " |"
        }
        return (["| builtin | arguments | value |", "|---|---|---|"] + rows).joined(separator: "\n")
    }
}
