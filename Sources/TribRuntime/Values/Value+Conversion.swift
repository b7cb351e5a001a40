import RESP
import RedisTrib
import TribCommands

extension Value {
    /// What a command returns, as a value: `.done(message)` is the message, `.nodes` a list of
    /// nodes (each knowing the others, for `.master` and `.replicas`), `.replies` a list of replies,
    /// `.check` a list of its findings, each a map (``init(finding:)``), empty when nothing is wrong, `.info` a list of its lines as `info` prints them (the map in ASCII), `.fix`
    /// the lines `fix` prints (its plan, then its summary), `.slotPlan` the lines `rebalance` and
    /// `reshard` print (the moves, each master, the notes, the summary), `.layout` the lines of
    /// `create`'s layout, then its outcome; `.nodeTimeout`, `.importKeys` and `.backup` the lines
    /// `set_timeout`, `import` and `backup` print.
    ///
    /// `command` is the words `execute` sent, so that its structured replies become maps.
    public init(_ output: CommandOutput, command: [String] = []) {
        switch output {
        case .done(let message):
            self = .string(message)
        case .nodes(let nodes, _):
            self = .nodes(nodes)
        case .replies(let replies):
            let cluster = replies.map(\.node)
            self = .list(ValueList(replies.map { .reply(ReplyValue($0, to: command, cluster: cluster)) }))
        case .check(let report):
            self = .list(ValueList(report.findings.map(Value.init(finding:))))
        case .info(let report):
            self = .list(ValueList(CommandCatalog.infoLines(report).map(Value.string)))
        case .fix(let plan):
            self = .list(ValueList(CommandCatalog.fixLines(plan).map { .string($0) }))
        case .slotPlan(let plan):
            self = .list(ValueList(CommandCatalog.slotPlanLines(plan).map { .string($0) }))
        case .layout(let layout):
            self = .list(ValueList((CommandCatalog.layoutLines(layout) + [CommandCatalog.layoutOutcomeText(layout)]).map { .string($0) }))
        case .nodeTimeout(let report):
            self = .list(ValueList(CommandCatalog.nodeTimeoutLines(report).map { .string($0) }))
        case .importKeys(let report):
            self = .list(ValueList(CommandCatalog.importLines(report).map { .string($0) }))
        case .backup(let report):
            self = .list(ValueList(CommandCatalog.backupLines(report).map { .string($0) }))
        }
    }

    /// One finding of `check` as a map: `severity` (`error` or `warning`), `kind` (its JSON code,
    /// `open-slot`), `message`, `nodes` (their addresses, or ids where the address is unknown),
    /// `slots` (a slot set, empty when it names none) and `text`, the line `check` prints.
    init(finding: CheckFinding) {
        let nodes = finding.nodes.map { node in node.address.map(Value.address) ?? .string(node.id) }
        self = .map(
            ValueMap([
                ("severity", .string(finding.severity.rawValue)),
                ("kind", .string(finding.kind.rawValue)),
                ("message", .string(finding.message)),
                ("nodes", .list(ValueList(nodes))),
                ("slots", .slots(finding.slots)),
                ("text", .string(CommandCatalog.checkFindingText(finding))),
            ]))
    }

    /// A list of nodes, each knowing `cluster` (by default the nodes themselves), for `.master`
    /// and `.replicas`.
    static func nodes(_ nodes: [ClusterNode], cluster: [ClusterNode]? = nil) -> Value {
        let cluster = cluster ?? nodes
        return .list(ValueList(nodes.map { .node(NodeValue($0, cluster: cluster)) }))
    }

    /// A server reply as a value: strings as text, integers and booleans as such, nulls as `nil`,
    /// arrays and sets as lists, maps as maps (as lists of `[key, value]` pairs when a key is not
    /// text), doubles and big numbers as text.
    public init(_ reply: RESPValue) {
        switch reply {
        case .integer(let value):
            self = Int(exactly: value).map(Value.integer) ?? .string(String(value))
        case .null:
            self = .nilValue
        case .boolean(let value):
            self = .boolean(value)
        case .double(let value):
            self = .string(String(value))
        case .bigNumber(let digits):
            self = .string(digits)
        case .array(let values), .set(let values), .push(let values):
            self = .list(ValueList(values.map { Value($0) }))
        case .map(let entries):
            // Keys that are all text make a map; others (rare: integers as keys) a list of pairs.
            let keys = entries.compactMap { entry -> String? in
                switch entry.key {
                case .simpleString, .bulkString, .verbatimString: entry.key.string
                default: nil
                }
            }
            if keys.count == entries.count {
                let values = entries.map { entry in Value(entry.value) }
                self = .map(ValueMap(zip(keys, values).map { ($0, $1) }))
            } else {
                self = .list(ValueList(entries.map { .list([Value($0.key), Value($0.value)]) }))
            }
        case .attribute(_, let value):
            self = Value(value)
        case .simpleString, .bulkString, .verbatimString, .error:
            self = .string(reply.string ?? "")
        }
    }

    /// Text read the way a bare word is read, by its shape: an integer (`42`, `-1`), a range
    /// (`4-7`), an address (`127.0.0.1:7000`, `[::1]:7000`), or else a string.
    ///
    /// Interpolated words (`127.0.0.1:$port`) and the script's arguments (`$1`, `$args`) are read
    /// this way.
    public static func classifying(_ text: String) -> Value {
        let bytes = Array(text.utf8)
        let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        if !digits.isEmpty, digits.allSatisfy(isDigit), let value = Int(text) {
            return .integer(value)
        }
        if let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash > 0, dash + 1 < bytes.count,
            bytes[..<dash].allSatisfy(isDigit), bytes[(dash + 1)...].allSatisfy(isDigit),
            let lower = Int(String(decoding: bytes[..<dash], as: UTF8.self)),
            let upper = Int(String(decoding: bytes[(dash + 1)...], as: UTF8.self)),
            let range = IntegerRange(lower: lower, upper: upper)
        {
            return .range(range)
        }
        if looksLikeAddress(bytes), let address = try? NodeAddress(parsing: text) {
            return .address(address)
        }
        return .string(text)
    }

    /// `HOST:PORT` with a host of letters, digits, `.`, `-`, `_`, or `[…]:PORT`; the port is digits.
    private static func looksLikeAddress(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")), colon > 0, colon + 1 < bytes.count,
            bytes[(colon + 1)...].allSatisfy(isDigit)
        else { return false }
        if bytes[0] == UInt8(ascii: "[") {
            return bytes[colon - 1] == UInt8(ascii: "]")
        }
        return bytes[..<colon].allSatisfy { byte in
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
