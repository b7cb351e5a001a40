import NIOCore

/// A command to send: its name and arguments, each a binary-safe byte string.
///
/// Arguments are `ByteBuffer`s so keys read from one node can be passed to another without a copy.
public struct RedisCommand: Sendable, Hashable {
    /// The name and the arguments, in order.
    public var arguments: [ByteBuffer]

    /// Makes a command from text arguments: `RedisCommand("CLUSTER", "SETSLOT", "5", "NODE", id)`.
    public init(_ arguments: String...) {
        self.arguments = arguments.map { ByteBuffer(string: $0) }
    }

    /// Makes a command from text arguments.
    public init(_ arguments: [String]) {
        self.arguments = arguments.map { ByteBuffer(string: $0) }
    }

    /// Makes a command from byte arguments.
    public init(arguments: [ByteBuffer]) {
        self.arguments = arguments
    }

    /// Appends a text argument.
    public mutating func append(_ argument: String) {
        arguments.append(ByteBuffer(string: argument))
    }

    /// Appends a byte argument.
    public mutating func append(_ argument: ByteBuffer) {
        arguments.append(argument)
    }

    /// Appends byte arguments.
    public mutating func append(contentsOf more: some Sequence<ByteBuffer>) {
        arguments.append(contentsOf: more)
    }

    /// The command name in upper case (`CLUSTER`), or an empty string.
    public var name: String {
        arguments.first.map { String(decoding: $0.readableBytesView, as: UTF8.self).uppercased() } ?? ""
    }

    /// The number of bytes this command takes on the wire.
    public var encodedLength: Int {
        var total = 1 + Self.decimalLength(arguments.count) + 2
        for argument in arguments {
            total += 1 + Self.decimalLength(argument.readableBytes) + 2 + argument.readableBytes + 2
        }
        return total
    }

    /// Writes the command as a RESP array of bulk strings.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        Self.writeDecimal(arguments.count, into: &buffer)
        for argument in arguments {
            buffer.writeInteger(UInt8(ascii: "$"))
            Self.writeDecimal(argument.readableBytes, into: &buffer)
            buffer.writeImmutableBuffer(argument)
            buffer.writeInteger(UInt16(0x0D0A))
        }
    }

    private static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        if value < 10 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(value))
        } else {
            buffer.writeString(String(value))
        }
        buffer.writeInteger(UInt16(0x0D0A))
    }

    private static func decimalLength(_ value: Int) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}

extension RedisCommand: CustomStringConvertible {
    /// The command as redis-cli would echo it, with passwords replaced by `(redacted)`.
    public var description: String {
        let secret = secretArgumentIndices
        return arguments.enumerated().map { index, argument in
            if secret.contains(index) { return "(redacted)" }
            let text = String(decoding: argument.readableBytesView, as: UTF8.self)
            let plain = argument.readableBytesView.allSatisfy { (0x21...0x7e).contains($0) && $0 != UInt8(ascii: "\"") }
            return plain && !text.isEmpty ? text : RESPValue.quoted(argument)
        }.joined(separator: " ")
    }

    /// The positions of arguments that carry a password and must never be printed or logged.
    public var secretArgumentIndices: Set<Int> {
        let upper = arguments.map { String(decoding: $0.readableBytesView, as: UTF8.self).uppercased() }
        var secret = Set<Int>()
        switch upper.first {
        case "AUTH":
            secret.formUnion(1..<upper.count)
        case "HELLO":
            if let auth = upper.firstIndex(of: "AUTH") {
                secret.formUnion((auth + 1)..<min(auth + 3, upper.count))
            }
        case "CONFIG" where upper.count > 2 && upper[1] == "SET":
            for index in stride(from: 2, to: upper.count - 1, by: 2)
            where ["REQUIREPASS", "MASTERAUTH", "MASTERUSER"].contains(upper[index]) {
                secret.insert(index + 1)
            }
        case "MIGRATE":
            // Options follow the five fixed arguments; KEYS ends them (a key may be named AUTH).
            var index = 6
            while index < upper.count, upper[index] != "KEYS" {
                if upper[index] == "AUTH" {
                    secret.insert(index + 1)
                    index += 2
                } else if upper[index] == "AUTH2" {
                    secret.insert(index + 2)
                    index += 3
                } else {
                    index += 1
                }
            }
        default:
            break
        }
        return secret
    }
}
