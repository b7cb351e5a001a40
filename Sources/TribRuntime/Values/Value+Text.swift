import RESP
import RedisTrib
import TribLanguage

extension Value: CustomStringConvertible {
    /// The value as `echo` and string interpolation write it: integers in decimal, strings as
    /// they are, addresses as `HOST:PORT`, slot sets as Redis prints them (`0-5460 5462`), a node
    /// as its address, a list as its elements separated by spaces, `nil` as `nil`.
    public var text: String {
        switch self {
        case .integer(let value): String(value)
        case .string(let text): text
        case .boolean(let value): String(value)
        case .nilValue: "nil"
        case .address(let address): address.description
        case .range(let range): range.description
        case .slots(let slots): slots.description
        case .node(let node): node.label
        case .list(let elements): elements.map(\.text).joined(separator: " ")
        case .map(let map): Self.describe(map)
        case .reply(let reply): "\(reply.node.label): \(reply.error.map { "error: " + $0 } ?? reply.value.text)"
        }
    }

    /// The value as the REPL shows it and notes name it: like ``text``, but strings quoted and
    /// lists in brackets (`["a", 127.0.0.1:7000]`), an empty slot set as `slots()`.
    public var description: String {
        switch self {
        case .string(let text): "\"" + StringEscaping.escape(text, dollar: true) + "\""
        case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .slots(let slots) where slots.isEmpty: "slots()"
        default: text
        }
    }

    /// `{name: "a", "two words": 2}`: keys that are names bare, others quoted; values as the REPL shows them.
    private static func describe(_ map: ValueMap) -> String {
        let entries = map.entries.map { key, value in
            (isPlainKey(key) ? key : Value.string(key).description) + ": " + value.description
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// Whether a key is written bare in a map literal: letters, digits and `_`, not starting with a digit.
    static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z"))
        else { return false }
        return key.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }

    /// The command-line words the value stands for as a command argument: an address is
    /// `HOST:PORT`, a node its address (its id when it has no known address), a slot set its ranges (`0-5 9` are two words), a range one
    /// word `4-7`, a list its elements' words in order, an integer, string or boolean its text.
    ///
    /// - Returns: the words, or why the value cannot be an argument (`nil`, a reply).
    func commandWords() -> Result<[String], WordsError> {
        switch self {
        case .integer, .string, .boolean, .address, .range:
            return .success([text])
        case .slots(let slots):
            return .success(slots.ranges.map { $0.count == 1 ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)" })
        case .node(let node):
            // A node with no known address goes by its id, which the command looks up in the cluster.
            return .success([node.node.address?.description ?? node.node.id])
        case .list(let elements):
            var words: [String] = []
            for element in elements {
                switch element.commandWords() {
                case .success(let more): words += more
                case .failure(let error): return .failure(error)
                }
            }
            return .success(words)
        case .nilValue:
            return .failure(WordsError("nil cannot be a command argument"))
        case .reply:
            return .failure(WordsError("a reply cannot be a command argument; use its `.value`"))
        case .map:
            return .failure(WordsError("a map cannot be a command argument; use one of its values (`$m.key`)"))
        }
    }

    /// Why a value has no command-line words.
    struct WordsError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
