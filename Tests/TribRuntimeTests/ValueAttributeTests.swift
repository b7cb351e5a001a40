import NIOCore
import RESP
import Testing
import TribLanguage

// NodeReply's memberwise initializer, for a reply without a server.
@testable import RedisTrib
@testable import TribRuntime

/// The attributes of values other than nodes, as their declaration (``ValueAttribute``) gives them.
@Suite struct ValueAttributeTests {
    /// A value of each kind that has attributes of its own.
    static func sample(_ holder: ValueAttribute.Holder) -> Value? {
        let nodes = FakeClusterBackend.threeMasters
        switch holder {
        case .list: return .list([.integer(1), .integer(2)])
        case .slotSet: return .slots(SlotSet(3...9))
        case .string: return .string("abc")
        case .range: return IntegerRange(lower: 4, upper: 7).map(Value.range)
        case .address: return .address(NodeAddress(host: "127.0.0.1", port: 7000))
        case .reply:
            let reply = NodeReply(node: nodes[0], result: .success(.simpleString(ByteBuffer(string: "PONG"))))
            return .reply(ReplyValue(reply, cluster: nodes))
        case .caughtError: return nil
        }
    }

    @Test("a value of every kind that has an attribute gives it, and the kinds that do not have it have none", arguments: ValueAttribute.allCases)
    func everyDeclaredAttributeIsRead(attribute: ValueAttribute) {
        for holder in ValueAttribute.Holder.allCases {
            guard let value = Self.sample(holder) else { continue }
            let read = value.attribute(attribute.rawValue)
            if attribute.holders.contains(holder) {
                // `nil` is "no such attribute"; `.nilValue` is a value (a reply's `error` when it did not fail).
                #expect(read != nil, "\(holder.rawValue) lacks .\(attribute.rawValue)")
                #expect(value.attributeNames.contains(attribute.rawValue))
            } else {
                #expect(read == nil, "\(holder.rawValue) has an undeclared .\(attribute.rawValue)")
            }
        }
    }

    @Test func theirValues() {
        #expect(Self.sample(.range)?.attribute("lower") == .integer(4))
        #expect(Self.sample(.range)?.attribute("count") == .integer(4))
        #expect(Self.sample(.slotSet)?.attribute("last") == .integer(9))
        #expect(Self.sample(.list)?.attribute("first") == .integer(1))
        #expect(Self.sample(.string)?.attribute("count") == .integer(3))
        #expect(Self.sample(.address)?.attribute("port") == .integer(7000))
        #expect(Self.sample(.reply)?.attribute("value") == .string("PONG"))
        #expect(Self.sample(.reply)?.attribute("ok") == .boolean(true))
        #expect(Self.sample(.range)?.attributeNames == ["lower", "upper", "count"])
        #expect(Self.sample(.reply)?.attributeNames == ["node", "addr", "value", "error", "ok"])
    }

    @Test("the error `catch` gives is a map of the attributes declared for a caught error, in their order")
    func aCaughtErrorHasTheDeclaredFields() async throws {
        let harness = RuntimeHarness()
        await harness.run("try { echo (1 / 0) } catch e { $e }")
        guard case .map(let map)? = harness.log.values.last else {
            Issue.record("no map: \(harness.log.values)")
            return
        }
        #expect(map.keys == ValueAttribute.of(.caughtError).map(\.rawValue))
        #expect(map.keys == ["code", "message", "node", "line", "file"])
        #expect(map["code"] == .string("division-by-zero"))
        #expect(map["file"] == .string("test.trib"))
        #expect(map["line"] == .integer(1))
    }
}
