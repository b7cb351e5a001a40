import RESP
import RedisTrib
import TribLanguage

/// One parameter of a builtin, as its declaration (``Builtin/parameters``) gives it: the name usage
/// shows, what an argument may be, and whether it may be left out or repeated.
///
/// The evaluator checks every argument against its parameter before the builtin runs, so a builtin
/// reads its arguments as the values its declaration promises.
public struct BuiltinParameter: Sendable, Hashable {
    /// What an argument may be; ``expected`` says it in messages and docs.
    public enum ArgumentType: Sendable, Hashable, CaseIterable {
        /// Any value (`str(x)`).
        case any
        /// A node address: an address, a node with a known address, or a string `HOST:PORT`.
        case address
        /// A node, or the address (or string `HOST:PORT`) of one.
        case node
        /// Where to connect: what ``address`` takes, or a connection string `redis://[USER:PASSWORD@]HOST:PORT`
        /// (`rediss://` for TLS) whose credentials go with every command after.
        case connection
        /// What has a count: a slot set, a list, a string or a range.
        case countable
        /// What names slots: a slot, a range, a slot set, a node (its slots), a string such as
        /// `"0-99 200"`, or a list of these.
        case slots
        /// An integer, or a string of digits.
        case integer
        /// A key: a string, or a word the language reads as an integer, a range or an address
        /// (`user:1000` is an address word, and a common key).
        case key
        /// A list.
        case list
        /// What has elements in order: a list, a slot set or a string.
        case sequence
        /// A map.
        case map
        /// Text: a string (or a word).
        case text
        /// The name of a function defined with `def` (a word or a string).
        case function

        /// What an argument of this type is, for messages and docs: "a slot set, a list, a string or a range".
        public var expected: String {
            switch self {
            case .any: "any value"
            case .address: "an address, a node, a string `HOST:PORT` or a node id (8 or more of its first hex digits)"
            case .node: "a node, an address, a string `HOST:PORT` or a node id (8 or more of its first hex digits)"
            case .connection: "an address, a node, or a string `HOST:PORT` or `redis://[USER:PASSWORD@]HOST:PORT` (`rediss://` for TLS)"
            case .countable: "a slot set, a list, a map, a string or a range"
            case .slots: "a slot, a range, a slot set, a node, a string of slots or a list of these"
            case .integer: "an integer or a string of digits"
            case .key: "a key: a string, or a word read as an integer, a range or an address"
            case .list: "a list"
            case .sequence: "a list, a slot set (a range of slots too) or a string"
            case .map: "a map"
            case .text: "a string"
            case .function: "the name of a function defined with `def`"
            }
        }
    }

    /// Whether an argument must be given, may be left out, or may be given any number of times.
    public enum Presence: Sendable, Hashable {
        /// Exactly once.
        case required
        /// Once or not at all (only at the end).
        case optional
        /// Any number of times, none included (only at the end).
        case variadic
    }

    /// The name usage and messages show: `ADDR`, `x`.
    public let name: String
    /// What an argument may be.
    public let type: ArgumentType
    /// Whether it must be given, may be left out, or repeated.
    public let presence: Presence

    /// Declares a parameter.
    public init(_ name: String, _ type: ArgumentType, _ presence: Presence = .required) {
        self.name = name
        self.type = type
        self.presence = presence
    }

    /// How usage shows it: `ADDR`, `[ADDR]`, `x, …`.
    public var usage: String {
        switch presence {
        case .required: name
        case .optional: "[\(name)]"
        case .variadic: "\(name), …"
        }
    }
}

/// An argument that passed its parameter's type, in the form the builtin reads.
enum CheckedArgument: Sendable {
    /// Any value, as it is (``BuiltinParameter/ArgumentType/any``).
    case value(Value)
    /// A node address (``BuiltinParameter/ArgumentType/address``, or a ``BuiltinParameter/ArgumentType/node`` given as an address).
    case address(NodeAddress)
    /// A node given as a node (``BuiltinParameter/ArgumentType/node``).
    case node(NodeValue)
    /// A connection string (``BuiltinParameter/ArgumentType/connection``).
    case login(ConnectionURI)
    /// A count (``BuiltinParameter/ArgumentType/countable``) or an integer (``BuiltinParameter/ArgumentType/integer``).
    case integer(Int)
    /// Slots (``BuiltinParameter/ArgumentType/slots``).
    case slots(SlotSet)
    /// A key's text (``BuiltinParameter/ArgumentType/key``), text (``BuiltinParameter/ArgumentType/text``) or a
    /// function's name (``BuiltinParameter/ArgumentType/function``).
    case text(String)
    /// A list (``BuiltinParameter/ArgumentType/list``).
    case list(ValueList)
    /// A map (``BuiltinParameter/ArgumentType/map``).
    case map(ValueMap)
}

/// Why a value is not an argument of a parameter's type.
enum ArgumentRejection: Error {
    /// Not of the type; the text says what it is instead: "an integer", "a node with no known address".
    case mismatch(String)
    /// Of the type, but out of bounds: a slot above 16383 (``DiagnosticID/invalidSlot``), a range
    /// too big to count (``DiagnosticID/integerOverflow``).
    case invalid(DiagnosticID, String)
}

extension BuiltinParameter.ArgumentType {
    /// `value` as an argument of this type, in the form the builtin reads.
    func check(_ value: Value) throws(ArgumentRejection) -> CheckedArgument {
        switch (self, value) {
        case (.any, _):
            return .value(value)
        case (.node, .node(let node)):
            return .node(node)
        case (.connection, .string(let text)) where ConnectionURI.looksLikeURI(text):
            do {
                return .login(try ConnectionURI(parsing: text))
            } catch {
                throw .mismatch("a string, and \(error.description)")
            }
        case (.address, _), (.node, _), (.connection, _):
            return .address(try Self.address(of: value))
        case (.countable, .range(let integers)):
            guard let count = integers.count else {
                throw .invalid(.integerOverflow, "the range \(integers) has more integers than fit in 64 bits")
            }
            return .integer(count)
        case (.countable, _):
            guard let count = value.count else { throw .mismatch(value.kindName) }
            return .integer(count)
        case (.slots, _):
            return .slots(try Self.slotSet(of: value))
        case (.integer, .integer(let number)):
            return .integer(number)
        case (.integer, .string(let text)):
            guard let number = Int(text.trimmingWhitespace()) else { throw .mismatch("a string that does not read as a 64-bit integer") }
            return .integer(number)
        case (.key, .string(let text)):
            return .text(text)
        case (.key, .integer), (.key, .range), (.key, .address):
            return .text(value.text)
        case (.list, .list(let elements)):
            return .list(elements)
        case (.sequence, .list), (.sequence, .slots), (.sequence, .string):
            return .value(value)
        case (.sequence, .range(let range)):
            // `first(0-99, 10)`: a range of slots is the slot set it writes.
            guard let slots = range.slots else { throw .mismatch("a range beyond the slots 0…16383") }
            return .value(.slots(slots))
        case (.map, .map(let map)):
            return .map(map)
        case (.text, .string(let text)), (.function, .string(let text)):
            return .text(text)
        case (.integer, _), (.key, _), (.list, _), (.sequence, _), (.map, _), (.text, _), (.function, _):
            throw .mismatch(value.kindName)
        }
    }

    /// The address `value` names, as an argument of type ``address``.
    static func address(of value: Value) throws(ArgumentRejection) -> NodeAddress {
        switch value {
        case .address(let address):
            return address
        case .node(let node):
            guard let address = node.node.address else { throw .mismatch("a node with no known address (\(node.node.id))") }
            return address
        case .string(let text):
            do {
                return try NodeAddress(parsing: text)
            } catch {
                throw .mismatch("a string, and \(error.description)")
            }
        default:
            throw .mismatch(value.kindName)
        }
    }

    /// The slots `value` names, as an argument of type ``slots``.
    static func slotSet(of value: Value) throws(ArgumentRejection) -> SlotSet {
        switch value {
        case .list(let elements):
            var slots = SlotSet()
            for element in elements {
                do throws(ArgumentRejection) {
                    slots.formUnion(try Self.slotSet(of: element))
                } catch .mismatch(let what) {
                    throw .mismatch("a list holding \(what)")
                }
            }
            return slots
        case .node(let node):
            return node.node.slots
        case .string(let text):
            do {
                return try SlotSet(parsing: text)
            } catch {
                throw .invalid(.invalidSlot, error.message)
            }
        default:
            let named: SlotSet?
            do {
                named = try value.slotSet()
            } catch {
                throw .invalid(.invalidSlot, error.message)
            }
            guard let slots = named else { throw .mismatch(value.kindName) }
            return slots
        }
    }
}

extension String {
    /// The text without the whitespace (`Character.isWhitespace`) at either end.
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
