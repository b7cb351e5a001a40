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

    /// The name as messages give it: with the subcommand for container commands (`CLUSTER NODES`).
    public var label: String {
        guard Self.containers.contains(name), arguments.count > 1 else { return name }
        return name + " " + String(decoding: arguments[1].readableBytesView, as: UTF8.self).uppercased()
    }

    /// Commands whose second word names what they do.
    private static let containers: Set<String> = [
        "CLUSTER", "CONFIG", "CLIENT", "MEMORY", "ACL", "COMMAND", "OBJECT", "SLOWLOG", "LATENCY", "FUNCTION", "SCRIPT", "XINFO", "MODULE",
    ]

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
