import Foundation
import RESP

extension Value {
    /// A node's reply to `command` (its words) as a value, the structured replies as maps: `INFO`
    /// and `CLUSTER INFO` (``info(_:)``), `CONFIG GET` (``configPairs(_:)``), `CLUSTER SLOT-STATS`
    /// (``slotStats(_:)``), `CLUSTER SHARDS`, `CLUSTER LINKS`, `CLUSTER GETSLOTMIGRATIONS` and
    /// `MEMORY STATS` (``records(_:)``); any other reply as ``init(_:)-(RESPValue)`` makes it.
    init(reply: RESPValue, to command: [String]) {
        let name = command.prefix(2).map { $0.uppercased() }
        switch (name.first, name.dropFirst().first) {
        case ("INFO", _), ("CLUSTER", "INFO"):
            self = reply.string.map(Value.info) ?? Value(reply)
        case ("CONFIG", "GET"):
            self = .map(Self.configPairs(reply))
        case ("CLUSTER", "SLOT-STATS"):
            self = .list(ValueList(Self.slotStats(reply).map(Value.map)))
        case ("CLUSTER", "SHARDS"), ("CLUSTER", "LINKS"), ("CLUSTER", "GETSLOTMIGRATIONS"), ("MEMORY", "STATS"):
            self = Self.records(reply)
        default:
            self = Value(reply)
        }
    }

    /// `INFO`'s (or `CLUSTER INFO`'s) text as a map: one section's `name:value` lines as its fields,
    /// several sections as a map of them by name (`server`, `clients`, …, from `# Server`).
    static func info(_ text: String) -> Value {
        var sections: [(name: String, fields: [(String, Value)])] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") {
                sections.append((line.dropFirst().trimmingCharacters(in: .whitespaces).lowercased(), []))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            if sections.isEmpty {
                sections.append(("", []))
            }
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].fields.append((String(line[..<colon]), infoField(value)))
        }
        guard sections.count > 1 else { return .map(ValueMap(sections.first?.fields ?? [])) }
        return .map(ValueMap(sections.map { ($0.name, Value.map(ValueMap($0.fields))) }))
    }

    /// One `INFO` value: an integer, a map for `name=value,…` (`keys=5,expires=0,avg_ttl=0`), else text.
    static func infoField(_ text: String) -> Value {
        if let number = integer(exactly: text) { return .integer(number) }
        let pairs = text.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1) }
        guard text.contains("="), pairs.allSatisfy({ $0.count == 2 && !$0[0].isEmpty }) else { return .string(text) }
        return .map(ValueMap(pairs.map { pair in (String(pair[0]), integer(exactly: String(pair[1])).map(Value.integer) ?? .string(String(pair[1]))) }))
    }

    /// A reply of names and values (a RESP3 map, or a flat RESP2 list) as a map; numbers as integers.
    static func configPairs(_ reply: RESPValue) -> ValueMap {
        if case .map(let entries) = reply {
            return ValueMap(entries.map { ($0.key.string ?? "", Value(classifyingReply: $0.value)) })
        }
        let values = reply.elements ?? []
        return ValueMap(stride(from: 0, to: values.count - 1, by: 2).map { (values[$0].string ?? "", Value(classifyingReply: values[$0 + 1])) })
    }

    /// A reply made of records, each a flat list of names and values in RESP2 (a map in RESP3), as a
    /// value: each record a map, and so each record nested in one (a shard's `nodes`, `MEMORY STATS`'
    /// `db.0`); a list of records a list of maps; anything else as it came (a shard's `slots`).
    static func records(_ reply: RESPValue) -> Value {
        switch reply {
        case .map(let entries) where entries.allSatisfy({ $0.key.string != nil }):
            return .map(ValueMap(entries.map { ($0.key.string ?? "", records($0.value)) }))
        case .array(let elements) where isRecord(elements):
            return .map(ValueMap(stride(from: 0, to: elements.count, by: 2).map { (elements[$0].string ?? "", records(elements[$0 + 1])) }))
        case .array(let elements):
            return .list(ValueList(elements.map(records)))
        default:
            return Value(reply)
        }
    }

    /// Whether a flat list is one record: names (text that is not a number) at every even place.
    private static func isRecord(_ elements: [RESPValue]) -> Bool {
        guard !elements.isEmpty, elements.count.isMultiple(of: 2) else { return false }
        return stride(from: 0, to: elements.count, by: 2).allSatisfy { index in
            switch elements[index] {
            case .bulkString, .simpleString: elements[index].string.map { Int($0) == nil } ?? false
            default: false
            }
        }
    }

    /// `CLUSTER SLOT-STATS`' reply as a map per slot: `slot`, then its statistics with `_` for `-`
    /// and `keys` for `key-count` (`keys`, `cpu_usec`, `network_bytes_in`, …).
    static func slotStats(_ reply: RESPValue) -> [ValueMap] {
        (reply.elements ?? []).compactMap { entry in
            guard let pair = entry.elements, pair.count == 2, let slot = pair[0].int else { return nil }
            var fields: [(String, Value)] = [("slot", .integer(slot))]
            for (name, value) in configPairs(pair[1]).entries {
                fields.append((name == "key-count" ? "keys" : name.replacingOccurrences(of: "-", with: "_"), value))
            }
            return ValueMap(fields)
        }
    }

    /// A reply value, with text that reads as an integer made an integer (`CONFIG GET` sends numbers as text).
    init(classifyingReply reply: RESPValue) {
        let value = Value(reply)
        if case .string(let text) = value, let number = Self.integer(exactly: text) {
            self = .integer(number)
        } else {
            self = value
        }
    }

    /// The integer `text` writes exactly, so that it reads back the same: `-12`, `0`, not `007` or
    /// `0000000000000000000000000000000000000000` (a replication id), which stay text.
    static func integer(exactly text: String) -> Int? {
        guard let number = Int(text), String(number) == text else { return nil }
        return number
    }
}
