import Foundation
import RESP
import RedisTrib

extension Value {
    /// The value as JSON (`JSONSerialization`'s objects): integers and booleans as such, `nil` as
    /// null, lists as arrays, maps as objects in their order's keys, a node as an object of its
    /// `addr`, `id`, `role`, `master` and `slots`, a reply as `node` and `value` or `error`, and the
    /// rest (strings, addresses, ranges, slot sets) as their text.
    public var jsonObject: Any {
        switch self {
        case .integer(let number): number
        case .boolean(let truth): truth
        case .nilValue: NSNull()
        case .list(let elements): elements.map(\.jsonObject)
        case .map(let map): Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value.jsonObject) })
        case .node(let node):
            [
                "addr": node.node.address?.description ?? NSNull(), "id": node.node.id, "role": node.roleName ?? NSNull(),
                "master": node.master.map { $0.label } ?? NSNull(), "slots": node.node.slots.description,
            ] as [String: Any]
        case .reply(let reply):
            reply.error.map { ["node": reply.node.label, "error": $0] } ?? ["node": reply.node.label, "value": reply.value.jsonObject]
        case .string(let text): text
        case .address, .range, .slots: text
        }
    }
}
