import RESP
import RedisTrib

extension Value {
    /// The attributes of a node, in the order completion offers them.
    static let nodeAttributeNames = NodeAttribute.allCases.map(\.rawValue)

    /// The attributes a value of this kind has, for messages and did-you-mean.
    var attributeNames: [String] {
        switch self {
        case .node: Self.nodeAttributeNames
        case .address: ["host", "port"]
        case .range: ["lower", "upper", "count"]
        case .slots, .list: ["count", "first", "last"]
        case .string: ["count"]
        case .reply: ["node", "addr", "value", "error", "ok"]
        case .map(let map): map.keys
        case .integer, .boolean, .nilValue: []
        }
    }

    /// How many slots, elements, characters or integers the value holds, for `.count` and
    /// `count(…)`: `nil` for the kinds that have no count, and for a range of more integers than
    /// fit in 64 bits.
    var count: Int? {
        switch self {
        case .slots(let slots): slots.count
        case .list(let elements): elements.count
        case .map(let map): map.count
        case .string(let text): text.count
        case .range(let range): range.count
        case .integer, .boolean, .nilValue, .address, .node, .reply: nil
        }
    }

    /// The attribute `name` (`$n.slots`, `$a.port`), or `nil` when this kind has no such attribute.
    func attribute(_ name: String) -> Value? {
        switch self {
        case .node(let node): return node.attribute(name)
        case .address(let address):
            switch name {
            case "host": return .string(address.host)
            case "port": return .integer(address.port)
            default: return nil
            }
        case .range(let range):
            switch name {
            case "lower": return .integer(range.lower)
            case "upper": return .integer(range.upper)
            case "count": return count.map(Value.integer) ?? .nilValue
            default: return nil
            }
        case .slots(let slots):
            switch name {
            case "count": return count.map(Value.integer) ?? .nilValue
            case "first": return slots.min().map { .integer($0.intValue) } ?? .nilValue
            case "last": return slots.max().map { .integer($0.intValue) } ?? .nilValue
            default: return nil
            }
        case .list(let elements):
            switch name {
            case "count": return count.map(Value.integer) ?? .nilValue
            case "first": return elements.first ?? .nilValue
            case "last": return elements.last ?? .nilValue
            default: return nil
            }
        case .string:
            return name == "count" ? count.map(Value.integer) ?? .nilValue : nil
        case .map(let map):
            return map[name]
        case .reply(let reply):
            switch name {
            case "node": return .node(reply.node)
            case "addr": return reply.node.node.address.map(Value.address) ?? .nilValue
            case "value": return reply.value
            case "error": return reply.error.map(Value.string) ?? .nilValue
            case "ok": return .boolean(reply.error == nil)
            default: return nil
            }
        case .integer, .boolean, .nilValue:
            return nil
        }
    }
}

extension NodeValue {
    /// The attribute `name` of the node, or `nil` when nodes have no such attribute.
    func attribute(_ name: String) -> Value? {
        guard let attribute = NodeAttribute(rawValue: name) else { return nil }
        switch attribute {
        case .id: return .string(node.id)
        case .addr: return node.address.map(Value.address) ?? .nilValue
        case .host: return node.address.map { .string($0.host) } ?? .nilValue
        case .port: return node.address.map { .integer($0.port) } ?? .nilValue
        case .role: return roleName.map(Value.string) ?? .nilValue
        case .master: return master.map(Value.node) ?? .nilValue
        case .replicas: return .list(ValueList(replicas.map(Value.node)))
        case .slots: return .slots(node.slots)
        case .flags: return .list(ValueList(node.flags.map(\.rawValue).sorted().map(Value.string)))
        case .migrating: return .boolean(node.isMigrating)
        case .openSlots: return .slots(node.openSlots)
        case .failed: return .boolean(node.isFailed)
        case .myself: return .boolean(node.isMyself)
        case .epoch: return .integer(Int(exactly: node.configEpoch) ?? Int.max)
        }
    }
}
