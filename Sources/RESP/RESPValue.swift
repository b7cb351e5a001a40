import NIOCore

/// One reply from a Redis or Valkey server, in any RESP2 or RESP3 shape.
///
/// Strings are kept as bytes (`ByteBuffer`), never decoded as text, so binary keys and values
/// survive a round trip unchanged. Both RESP2 nulls (`$-1`, `*-1`) and the RESP3 null (`_`)
/// become ``null``.
public indirect enum RESPValue: Sendable, Hashable {
    /// `+OK`: a status line.
    case simpleString(ByteBuffer)
    /// `-ERR …` or RESP3 `!` blob error: the server's error text, code first.
    case error(ByteBuffer)
    /// `:42`.
    case integer(Int64)
    /// `$5\r\nhello`: binary-safe bytes.
    case bulkString(ByteBuffer)
    /// `$-1`, `*-1` or RESP3 `_`.
    case null
    /// `*N`: an ordered list of replies.
    case array([RESPValue])
    /// RESP3 `,1.5` (also `inf`, `-inf`, `nan`).
    case double(Double)
    /// RESP3 `#t` / `#f`.
    case boolean(Bool)
    /// RESP3 `(1234…`: an integer too big for 64 bits, kept as its decimal digits.
    case bigNumber(String)
    /// RESP3 `=15\r\ntxt:Some string`: a three-letter format and the bytes.
    case verbatimString(format: String, ByteBuffer)
    /// RESP3 `%N`: key-value pairs in the order the server sent them.
    case map([RESPMapEntry])
    /// RESP3 `~N`.
    case set([RESPValue])
    /// RESP3 `>N`: an out-of-band message, not the answer to a command.
    case push([RESPValue])
    /// RESP3 `|N`: attributes that came before a reply, with that reply.
    case attribute([RESPMapEntry], RESPValue)
}

/// One key-value pair of a RESP3 map or attribute.
public struct RESPMapEntry: Sendable, Hashable {
    /// The key.
    public var key: RESPValue
    /// The value.
    public var value: RESPValue

    /// Makes a pair.
    public init(key: RESPValue, value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// The bytes of a simple, bulk or verbatim string, or of an error; `nil` for other kinds.
    public var bytes: ByteBuffer? {
        switch self {
        case .simpleString(let buffer), .bulkString(let buffer), .error(let buffer), .verbatimString(_, let buffer):
            return buffer
        case .attribute(_, let value):
            return value.bytes
        default:
            return nil
        }
    }

    /// The text of a string reply (bytes read as UTF-8, invalid sequences repaired); `nil` for other kinds.
    public var string: String? {
        switch self {
        case .integer(let value):
            return String(value)
        case .bigNumber(let digits):
            return digits
        default:
            return bytes.map { String(decoding: $0.readableBytesView, as: UTF8.self) }
        }
    }

    /// The value of an integer reply, or of a string reply that holds a decimal integer.
    public var int: Int? {
        switch self {
        case .integer(let value):
            return Int(exactly: value)
        case .attribute(_, let value):
            return value.int
        default:
            return string.flatMap { Int($0) }
        }
    }

    /// The elements of an array, set or push reply; `nil` for other kinds (and for null).
    public var elements: [RESPValue]? {
        switch self {
        case .array(let values), .set(let values), .push(let values):
            return values
        case .attribute(_, let value):
            return value.elements
        default:
            return nil
        }
    }

    /// Whether this is an error reply.
    public var isError: Bool {
        if case .error = self { return true }
        if case .attribute(_, let value) = self { return value.isError }
        return false
    }
}

extension RESPValue: CustomStringConvertible {
    /// A readable rendering, like redis-cli's: strings quoted with escapes, arrays one element per line.
    public var description: String {
        switch self {
        case .simpleString(let buffer): return RESPValue.text(buffer)
        case .error(let buffer): return "(error) " + RESPValue.text(buffer)
        case .integer(let value): return "(integer) \(value)"
        case .bulkString(let buffer): return RESPValue.quoted(buffer)
        case .null: return "(nil)"
        case .double(let value): return "(double) \(value)"
        case .boolean(let value): return value ? "(true)" : "(false)"
        case .bigNumber(let digits): return "(big number) \(digits)"
        case .verbatimString(_, let buffer): return RESPValue.text(buffer)
        case .array(let values), .set(let values), .push(let values):
            if values.isEmpty { return "(empty array)" }
            return values.enumerated().map { "\($0.offset + 1)) \($0.element.description)" }.joined(separator: "\n")
        case .map(let entries):
            if entries.isEmpty { return "(empty map)" }
            return entries.enumerated().map { "\($0.offset + 1)# \($0.element.key.description) => \($0.element.value.description)" }
                .joined(separator: "\n")
        case .attribute(_, let value): return value.description
        }
    }

    static func text(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    /// Bytes as a double-quoted string with `\n`, `\"`, `\\` and `\xHH` escapes, as redis-cli prints them.
    public static func quoted(_ buffer: ByteBuffer) -> String {
        var out = "\""
        for byte in buffer.readableBytesView {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20...0x7e: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + "\""
    }
}
