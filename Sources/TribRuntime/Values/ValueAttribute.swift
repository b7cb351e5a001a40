/// An attribute of a value other than a node (`$list.count`, `$reply.value`, `$e.code`), declared
/// once with the kinds of values that have it: ``Value`` reads them through an exhaustive switch and
/// lists them for messages and did-you-mean from ``holders``, a caught error's map is made of the
/// ones a ``Holder/caughtError`` has, in this order, and `help .NAME` and docs/LANGUAGE.md's table
/// (checked by a test) show ``summary``. Node attributes are ``NodeAttribute``.
public enum ValueAttribute: String, CaseIterable, Sendable {
    // In the order each kind lists its own: a range's `lower`, `upper`, `count`; a caught error's
    // `code`, `message`, `node`, `line`, `file`; a reply's `node`, `addr`, `value`, `error`, `ok`.
    case lower, upper, count, first, last, host, port, code, message, node, addr, value, error, ok, line, file

    /// A kind of value that has attributes of its own.
    public enum Holder: String, CaseIterable, Sendable {
        /// A list (`[1, 2]`).
        case list
        /// A slot set (`$n.slots`).
        case slotSet = "slot set"
        /// A string.
        case string
        /// A range (`4-7`).
        case range
        /// An address (`HOST:PORT`).
        case address
        /// One node's reply to `execute`.
        case reply
        /// The error `catch NAME` gives, a map of these attributes.
        case caughtError = "caught error"

        /// Its name with its article: "an address".
        public var kindName: String {
            (self == .address ? "an " : "a ") + rawValue
        }
    }

    /// The kinds of values that have it, in ``Holder``'s order.
    public var holders: [Holder] {
        switch self {
        case .count: [.list, .slotSet, .string, .range]
        case .first, .last: [.list, .slotSet]
        case .lower, .upper: [.range]
        case .host, .port: [.address]
        case .node: [.reply, .caughtError]
        case .addr, .value, .error, .ok: [.reply]
        case .code, .message, .line, .file: [.caughtError]
        }
    }

    /// What its value is, in one line.
    public var summary: String {
        switch self {
        case .lower: "the first integer of the range"
        case .upper: "the last integer of the range"
        case .count: "how many elements, slots, characters or integers it holds (`nil` for a range too big to count)"
        case .first: "the first element of a list, the lowest slot of a slot set; `nil` when empty"
        case .last: "the last element of a list, the highest slot of a slot set; `nil` when empty"
        case .host: "the host of the address (a string)"
        case .port: "the port of the address (an integer)"
        case .code: "the operation's error code (`busy-keys`, `node-error`, …), or the diagnostic's id (`type-mismatch`, …)"
        case .message: "the error's message"
        case .node: "a reply's node (a node); a caught error's node at fault (an address, `nil` when none is)"
        case .addr: "the address of the node that replied, `nil` when it has none"
        case .value: "what the node replied (a value: a string, an integer, a list, a map, …)"
        case .error: "the node's error reply, `nil` when it did not fail"
        case .ok: "whether the node replied without an error"
        case .line: "the line of the script the error is at"
        case .file: "the name of the script file the error is in"
        }
    }

    /// The attributes a kind of value has, in declaration order.
    public static func of(_ holder: Holder) -> [ValueAttribute] {
        allCases.filter { $0.holders.contains(holder) }
    }

    /// How its holders are named in help: "a list, a slot set, a string or a range".
    public var holderNames: String {
        let names = holders.map(\.kindName)
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// docs/LANGUAGE.md's table of the attributes of other values, as the declaration writes it.
    public static var documentationTable: String {
        let rows = allCases.map { attribute in
            "| `\(attribute.rawValue)` | " + attribute.holders.map(\.rawValue).joined(separator: ", ") + " | \(attribute.summary) |"
        }
        return (["| attribute | of | value |", "|---|---|---|"] + rows).joined(separator: "\n")
    }
}
