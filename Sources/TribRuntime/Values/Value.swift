import RESP
import RedisTrib

/// A value of the shell language: what variables hold, expressions produce and commands return.
public indirect enum Value: Sendable, Hashable {
    /// A 64-bit integer: `42`, `-1`.
    case integer(Int)
    /// Text: `"a string"`, a bare word such as `CONFIG`, a flag such as `--replace`.
    case string(String)
    /// `true` or `false`.
    case boolean(Bool)
    /// `nil`: no value, such as a master's `.master`.
    case nilValue
    /// `HOST:PORT`.
    case address(NodeAddress)
    /// An inclusive integer range, `4-7` or `7003-7005`; slots only where slots are wanted.
    case range(IntegerRange)
    /// A set of hash slots: a node's `.slots`, or `slots(0-99, 200)`.
    case slots(SlotSet)
    /// A node of a cluster, with the nodes it was listed with.
    case node(NodeValue)
    /// `[a, b, c]`, or nodes returned by `masters()`.
    case list(ValueList)
    /// `{name: "a", count: 2}`: values by string keys, in the order given; a caught error.
    case map(ValueMap)
    /// One node's reply to `execute`.
    case reply(ReplyValue)

    /// The kind with its article, for messages: "an integer", "a slot set".
    public var kindName: String {
        switch self {
        case .integer: "an integer"
        case .string: "a string"
        case .boolean: "a boolean"
        case .nilValue: "nil"
        case .address: "an address"
        case .range: "a range"
        case .slots: "a slot set"
        case .node: "a node"
        case .list: "a list"
        case .map: "a map"
        case .reply: "a reply"
        }
    }
}
