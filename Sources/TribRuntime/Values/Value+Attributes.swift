import RESP
import RedisTrib

extension Value {
    /// The attributes of a node, in the order completion offers them.
    static let nodeAttributeNames = NodeAttribute.allCases.map(\.rawValue)

    /// The attributes a value of this kind has, for messages and did-you-mean: a node's
    /// (``NodeAttribute``), a map's keys, else those ``ValueAttribute`` declares for its kind.
    public var attributeNames: [String] {
        switch self {
        case .node: Self.nodeAttributeNames
        case .map(let map): map.keys
        default: attributeHolder.map { ValueAttribute.of($0).map(\.rawValue) } ?? []
        }
    }

    /// The kind of value it is among those with attributes of their own (a map's are its keys, even a caught error's).
    var attributeHolder: ValueAttribute.Holder? {
        switch self {
        case .list: .list
        case .slots: .slotSet
        case .string: .string
        case .range: .range
        case .address: .address
        case .reply: .reply
        case .integer, .boolean, .nilValue, .node, .map: nil
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

    /// The attribute `name` (`$n.slots`, `$a.port`, `$m.key`), or `nil` when this kind has no such attribute.
    func attribute(_ name: String) -> Value? {
        switch self {
        case .node(let node): return node.attribute(name)
        case .map(let map): return map[name]
        default:
            guard let attribute = ValueAttribute(rawValue: name), let holder = attributeHolder, attribute.holders.contains(holder) else {
                return nil
            }
            return self.attribute(attribute)
        }
    }

    /// A declared attribute of a value whose kind has it (``ValueAttribute/holders``).
    private func attribute(_ attribute: ValueAttribute) -> Value? {
        switch (attribute, self) {
        case (.count, _): count.map(Value.integer) ?? .nilValue
        case (.lower, .range(let range)): .integer(range.lower)
        case (.upper, .range(let range)): .integer(range.upper)
        case (.first, .slots(let slots)): slots.min().map { .integer($0.intValue) } ?? .nilValue
        case (.first, .list(let elements)): elements.first ?? .nilValue
        case (.last, .slots(let slots)): slots.max().map { .integer($0.intValue) } ?? .nilValue
        case (.last, .list(let elements)): elements.last ?? .nilValue
        case (.host, .address(let address)): .string(address.host)
        case (.port, .address(let address)): .integer(address.port)
        case (.node, .reply(let reply)): .node(reply.node)
        case (.addr, .reply(let reply)): reply.node.node.address.map(Value.address) ?? .nilValue
        case (.value, .reply(let reply)): reply.value
        case (.error, .reply(let reply)): reply.error.map(Value.string) ?? .nilValue
        case (.ok, .reply(let reply)): .boolean(reply.error == nil)
        // A caught error's attributes are the keys of its map (`Evaluator.errorValue`).
        case (.code, _), (.message, _), (.line, _), (.file, _): nil
        case (.lower, _), (.upper, _), (.first, _), (.last, _), (.host, _), (.port, _), (.node, _), (.addr, _), (.value, _), (.error, _), (.ok, _):
            nil
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
