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
    case first, last, sort, reverse, min, max, sum, filter, map, keys, values, env, split, join, format, table, now
    case dryRun = "dry_run"
    case call, info, config, dbsize
    case countKeys = "count_keys"
    case keysInSlot = "keys_in_slot"
    case slotStats = "slot_stats"
    case bigKeys = "big_keys"

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
        case .first, .last: [BuiltinParameter("x", .sequence), BuiltinParameter("n", .integer, .optional)]
        case .sort: [BuiltinParameter("list", .list), BuiltinParameter("by", .text, .optional)]
        case .reverse: [BuiltinParameter("x", .sequence)]
        case .min, .max, .sum: [BuiltinParameter("list", .list)]
        case .filter, .map: [BuiltinParameter("list", .list), BuiltinParameter("function", .function)]
        case .keys, .values: [BuiltinParameter("map", .map)]
        case .env: [BuiltinParameter("NAME", .text)]
        case .now, .dryRun: []
        case .split: [BuiltinParameter("text", .text), BuiltinParameter("separator", .text, .optional)]
        case .join: [BuiltinParameter("list", .list), BuiltinParameter("separator", .text, .optional)]
        case .format: [BuiltinParameter("template", .text), BuiltinParameter("x", .any, .variadic)]
        case .table: [BuiltinParameter("list", .list), BuiltinParameter("ATTR", .text, .variadic)]
        case .call: [BuiltinParameter("NODE", .node), BuiltinParameter("WORD", .any, .variadic)]
        case .info: [BuiltinParameter("NODE", .node), BuiltinParameter("SECTION", .text, .optional)]
        case .config: [BuiltinParameter("NODE", .node), BuiltinParameter("PATTERN", .text)]
        case .dbsize: [BuiltinParameter("NODE", .node)]
        case .countKeys: [BuiltinParameter("SLOT", .integer)]
        case .keysInSlot: [BuiltinParameter("SLOT", .integer), BuiltinParameter("n", .integer, .optional)]
        case .slotStats: [BuiltinParameter("NODE", .node, .optional)]
        case .bigKeys: [BuiltinParameter("NODE", .node), BuiltinParameter("n", .integer, .optional)]
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
        return parameters.dropLast() + Array(repeating: variadic, count: Swift.max(0, count - parameters.count + 1))
    }

    /// How it is called under `name` (its name or an alias), from ``parameters``: `masters([ADDR])`.
    public func usage(calledAs name: String) -> String {
        name + "(" + parameters.map(\.usage).joined(separator: ", ") + ")"
    }

    /// What a statement (`sort [3, 1, 2] `) still takes after `given` arguments, shell style, as the
    /// shell's hint shows it: `[by]`; a variadic parameter stays, as more may come. `nil` when nothing is left.
    public func remainingUsage(afterArguments given: Int) -> String? {
        let rest = parameters.enumerated().filter { $0.offset >= given || $0.element.presence == .variadic }.map { _, parameter in
            switch parameter.presence {
            case .required: parameter.name
            case .optional: "[\(parameter.name)]"
            case .variadic: "[\(parameter.name)…]"
            }
        }
        return rest.isEmpty ? nil : rest.joined(separator: " ")
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
        case .count: "slots in a slot set, elements of a list, entries of a map, characters of a string, numbers in a range"
        case .slots:
            "a slot set from slots, ranges, slot sets, nodes (their slots), lists and strings: `slots(0-99, 200)`"
        case .str: "the text of a value, as `echo` writes it"
        case .int: "an integer, from an integer or a string of digits"
        case .addr: "an address, from an address, a node or a string `HOST:PORT`"
        case .keyslot: "the hash slot of a key (CRC16 mod 16384, honouring `{hash tags}`)"
        case .first:
            "the first element of a list (a slot of a slot set, a character of a string; `nil` when empty), "
                + "or with `n` the first `n` of them as a list (a slot set, a string)"
        case .last: "the last element, or the last `n`, likewise"
        case .sort:
            "the list sorted: integers, strings or addresses in their order; `by` names an attribute of the elements "
                + "(`sort(masters(), \"port\")`) or a function that gives each element's key"
        case .reverse: "the list, slot set's slots (as a list) or string in reverse order"
        case .min: "the smallest element of a list of integers, strings or addresses (`nil` when empty)"
        case .max: "the largest, likewise"
        case .sum: "the sum of a list of integers"
        case .filter: "the elements for which the function returns `true`"
        case .map: "what the function returns for each element, in order"
        case .keys: "the keys of a map, in order"
        case .values: "the values of a map, in order"
        case .env: "the value of an environment variable, `nil` when it is not set"
        case .now: "the time, in whole seconds since 1970: `let start = now()`, then `now() - $start` seconds have passed"
        case .dryRun:
            "whether the commands run as a dry run (`--dry-run`), which changes nothing, so a script whose next step "
                + "depends on a change can say what it would do and stop"
        case .split: "the pieces of a string, split at each `separator` (at runs of whitespace when none is given)"
        case .join: "the texts of the elements, joined by `separator` (a space when none is given)"
        case .format:
            "the template with each `{}` replaced by the text of the next `x`: `format(\"{} has {} slots\", $n, count($n.slots))`; "
                + "`{{}}` writes `{}`"
        case .table:
            "the elements (nodes, maps, replies) as maps of the attributes named, in that order, which the shell and "
                + "scripts print as a table: `table(masters(), \"addr\", \"slots\")`; a list of nodes, maps or replies prints "
                + "as a table by itself"
        case .call:
            "the node's reply to a command, as a value: `call($n, \"CONFIG\", \"GET\", \"maxmemory\").maxmemory`; a map for a map reply "
                + "and for `INFO`, `CLUSTER INFO`, `CONFIG GET` and `MEMORY STATS`, a list of maps for `CLUSTER SLOT-STATS` (as "
                + "`slot_stats` gives), `CLUSTER SHARDS` and `CLUSTER LINKS`; in a dry run a command that changes something is not "
                + "sent and gives `\"(not sent: dry run)\"` "
                + "(the statement `call NODE WORD…` is redis-cli's name for `execute`, on every node)"
        case .info:
            "the node's `INFO`: a map of its sections (`server`, `memory`, `keyspace`, …), each a map of its fields; with `SECTION`, "
                + "that section's fields (a section the node does not have is an error); integers written as such are integers "
                + "(`0` but not `0000`), `keys=5,expires=0` a map, the rest text (`1.25`)"
        case .config: "the node's `CONFIG GET PATTERN` as a map of names and values"
        case .dbsize: "how many keys the node holds"
        case .countKeys: "how many keys the slot holds, on its master in the default cluster"
        case .keysInSlot: "up to `n` (10 when not given) keys of the slot, from its master in the default cluster"
        case .slotStats:
            "a map for each slot a master holds (every master of the default cluster, or the one given): `slot`, `keys`, `node`, "
                + "and where the server has `CLUSTER SLOT-STATS` (Valkey 8+) `cpu_usec`, `network_bytes_in`, `network_bytes_out` "
                + "once `cluster-slot-stats-enabled` is `yes` (`keys` alone until then); a replica holds no slot: `[]`"
        case .bigKeys:
            "the `n` (10 when not given) biggest keys of the node (a master or a replica) by `MEMORY USAGE` (which sizes "
                + "an aggregate from 5 of its elements), read with `SCAN` for at most 2 s or 100,000 keys, with a warning "
                + "(`sample-incomplete`) when it stopped before the last key: maps of `key`, `bytes`, `slot`"
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
