import NIOCore

/// An incremental RESP2/RESP3 parser.
///
/// Feed it whatever bytes have arrived; it consumes every complete scalar and keeps the partly
/// received aggregates on an explicit stack, so a reply split into any number of pieces costs
/// the same as one received whole, and nesting never recurses.
public struct RESPParser: Sendable {
    private enum AggregateKind: Sendable {
        case array, set, push, map, attribute
    }

    private struct Frame: Sendable {
        var kind: AggregateKind
        var expected: Int
        var values: [RESPValue] = []
        var attributeForNext: [RESPMapEntry]?
    }

    private enum Item {
        case value(RESPValue)
        case aggregate(AggregateKind, count: Int)
    }

    /// The limits this parser enforces.
    public let limits: RESPDecodingLimits
    private var stack: [Frame] = []
    private var topLevelAttribute: [RESPMapEntry]?
    private var consumedByCurrentReply = 0
    /// Values (aggregates included) read so far in the current reply.
    private var valuesInCurrentReply = 0

    /// Makes a parser.
    public init(limits: RESPDecodingLimits = .standard) {
        self.limits = limits
    }

    /// Whether a reply has begun but not ended.
    public var isInsideReply: Bool {
        !stack.isEmpty || topLevelAttribute != nil
    }

    /// Returns the next complete reply, consuming its bytes, or `nil` when more bytes are needed.
    ///
    /// - Throws: ``RESPProtocolError`` for bytes that are not RESP or that exceed the limits.
    public mutating func next(from buffer: inout ByteBuffer) throws -> RESPValue? {
        while true {
            let before = buffer.readerIndex
            guard let item = try readItem(&buffer) else {
                if consumedByCurrentReply + buffer.readableBytes > limits.maxReplyBytes {
                    throw RESPProtocolError(.replyTooLarge, "reply exceeds \(limits.maxReplyBytes) bytes")
                }
                return nil
            }
            consumedByCurrentReply += buffer.readerIndex - before
            if consumedByCurrentReply > limits.maxReplyBytes {
                throw RESPProtocolError(.replyTooLarge, "reply exceeds \(limits.maxReplyBytes) bytes")
            }
            // Three bytes (`_\r\n`) make a value of dozens in memory: the count is bounded too.
            valuesInCurrentReply += 1
            if valuesInCurrentReply > limits.maxValuesPerReply {
                throw RESPProtocolError(.tooManyElements, "reply holds more than \(limits.maxValuesPerReply) values")
            }
            switch item {
            case .aggregate(let kind, let count):
                if count == 0 {
                    if let reply = try deliver(Self.emptyAggregate(kind)) { return reply }
                } else {
                    if stack.count >= limits.maxDepth {
                        throw RESPProtocolError(.nestingTooDeep, "aggregates nested deeper than \(limits.maxDepth) levels")
                    }
                    stack.append(Frame(kind: kind, expected: kind == .map || kind == .attribute ? count * 2 : count))
                }
            case .value(let value):
                if let reply = try deliver(value) { return reply }
            }
        }
    }

    private static func emptyAggregate(_ kind: AggregateKind) -> PartialValue {
        switch kind {
        case .array: return .value(.array([]))
        case .set: return .value(.set([]))
        case .push: return .value(.push([]))
        case .map: return .value(.map([]))
        case .attribute: return .attribute([])
        }
    }

    private enum PartialValue {
        case value(RESPValue)
        case attribute([RESPMapEntry])
    }

    private mutating func deliver(_ value: RESPValue) throws -> RESPValue? {
        try deliver(.value(value))
    }

    /// Places a finished value in its parent, closing every parent it completes; returns a whole reply.
    private mutating func deliver(_ partial: PartialValue) throws -> RESPValue? {
        var partial = partial
        while true {
            switch partial {
            case .attribute(let entries):
                if stack.isEmpty {
                    topLevelAttribute = entries
                } else {
                    stack[stack.count - 1].attributeForNext = entries
                }
                return nil
            case .value(var value):
                if stack.isEmpty {
                    if let attribute = topLevelAttribute {
                        value = .attribute(attribute, value)
                        topLevelAttribute = nil
                    }
                    consumedByCurrentReply = 0
                    valuesInCurrentReply = 0
                    return value
                }
                let top = stack.count - 1
                if let attribute = stack[top].attributeForNext {
                    value = .attribute(attribute, value)
                    stack[top].attributeForNext = nil
                }
                stack[top].values.append(value)
                guard stack[top].values.count == stack[top].expected else { return nil }
                let frame = stack.removeLast()
                partial = Self.close(frame)
            }
        }
    }

    private static func close(_ frame: Frame) -> PartialValue {
        switch frame.kind {
        case .array: return .value(.array(frame.values))
        case .set: return .value(.set(frame.values))
        case .push: return .value(.push(frame.values))
        case .map: return .value(.map(pairs(frame.values)))
        case .attribute: return .attribute(pairs(frame.values))
        }
    }

    private static func pairs(_ values: [RESPValue]) -> [RESPMapEntry] {
        stride(from: 0, to: values.count, by: 2).map { RESPMapEntry(key: values[$0], value: values[$0 + 1]) }
    }

    // MARK: - Items

    private func readItem(_ buffer: inout ByteBuffer) throws -> Item? {
        var view = buffer
        guard let type = view.readInteger(as: UInt8.self) else { return nil }
        guard let line = try readLine(&view) else { return nil }
        let item: Item
        switch type {
        case UInt8(ascii: "+"):
            item = .value(.simpleString(line))
        case UInt8(ascii: "-"):
            item = .value(.error(line))
        case UInt8(ascii: ":"):
            item = .value(.integer(try Self.integer(line)))
        case UInt8(ascii: "_"):
            guard line.readableBytes == 0 else {
                throw RESPProtocolError(.invalidTypeByte, "null reply '_' carries data")
            }
            item = .value(.null)
        case UInt8(ascii: "#"):
            switch line.readableBytesView.first {
            case UInt8(ascii: "t") where line.readableBytes == 1: item = .value(.boolean(true))
            case UInt8(ascii: "f") where line.readableBytes == 1: item = .value(.boolean(false))
            default: throw RESPProtocolError(.invalidBoolean, "boolean reply is not 't' or 'f'")
            }
        case UInt8(ascii: ","):
            item = .value(.double(try Self.double(line)))
        case UInt8(ascii: "("):
            item = .value(.bigNumber(try Self.bigNumber(line)))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            let length = try Self.integer(line)
            if length == -1 && type == UInt8(ascii: "$") {
                item = .value(.null)
                break
            }
            guard length >= 0 else { throw RESPProtocolError(.invalidLength, "string length \(length) is negative") }
            guard length <= limits.maxBulkLength else {
                throw RESPProtocolError(.bulkTooLong, "string of \(length) bytes exceeds the limit of \(limits.maxBulkLength)")
            }
            guard view.readableBytes >= Int(length) + 2 else { return nil }
            guard let payload = view.readSlice(length: Int(length)) else { return nil }
            guard view.readInteger(as: UInt16.self) == 0x0D0A else {
                throw RESPProtocolError(.missingLineEnd, "string of \(length) bytes is not followed by CRLF")
            }
            if type == UInt8(ascii: "$") {
                item = .value(.bulkString(payload))
            } else if type == UInt8(ascii: "!") {
                item = .value(.error(payload))
            } else {
                item = .value(try Self.verbatim(payload))
            }
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            let count = try Self.integer(line)
            if count == -1 && type == UInt8(ascii: "*") {
                item = .value(.null)
                break
            }
            guard count >= 0 else { throw RESPProtocolError(.invalidLength, "element count \(count) is negative") }
            guard count <= limits.maxElements else {
                throw RESPProtocolError(.tooManyElements, "\(count) elements exceed the limit of \(limits.maxElements)")
            }
            let kinds: [UInt8: AggregateKind] = [
                UInt8(ascii: "*"): .array, UInt8(ascii: "~"): .set, UInt8(ascii: ">"): .push,
                UInt8(ascii: "%"): .map, UInt8(ascii: "|"): .attribute,
            ]
            item = .aggregate(kinds[type] ?? .array, count: Int(count))
        default:
            throw RESPProtocolError(.invalidTypeByte, "unexpected byte \(Self.describe(type)) where a reply should start")
        }
        buffer = view
        return item
    }

    private func readLine(_ view: inout ByteBuffer) throws -> ByteBuffer? {
        let bytes = view.readableBytesView
        guard let cr = bytes.firstIndex(of: UInt8(ascii: "\r")) else {
            if bytes.count > limits.maxLineLength {
                throw RESPProtocolError(.lineTooLong, "line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        let length = cr - bytes.startIndex
        if length > limits.maxLineLength {
            throw RESPProtocolError(.lineTooLong, "line longer than \(limits.maxLineLength) bytes")
        }
        guard cr + 1 < bytes.endIndex else { return nil }
        guard bytes[cr + 1] == UInt8(ascii: "\n") else {
            throw RESPProtocolError(.missingLineEnd, "carriage return not followed by line feed")
        }
        guard let line = view.readSlice(length: length) else { return nil }
        view.moveReaderIndex(forwardBy: 2)
        return line
    }

    static func integer(_ line: ByteBuffer) throws -> Int64 {
        let bytes = line.readableBytesView
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        } else if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        guard index < bytes.endIndex else {
            throw RESPProtocolError(.invalidInteger, "empty integer")
        }
        var value: Int64 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw RESPProtocolError(.invalidInteger, "integer contains \(describe(byte))")
            }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else {
                throw RESPProtocolError(.invalidInteger, "integer does not fit in 64 bits")
            }
            value = next
            index += 1
        }
        return value
    }

    private static func double(_ line: ByteBuffer) throws -> Double {
        let text = String(decoding: line.readableBytesView, as: UTF8.self)
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            guard let value = Double(text), !text.isEmpty else {
                throw RESPProtocolError(.invalidDouble, "'\(text.prefix(40))' is not a double")
            }
            return value
        }
    }

    private static func bigNumber(_ line: ByteBuffer) throws -> String {
        let text = String(decoding: line.readableBytesView, as: UTF8.self)
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw RESPProtocolError(.invalidInteger, "'\(text.prefix(40))' is not a big number")
        }
        return text
    }

    private static func verbatim(_ payload: ByteBuffer) throws -> RESPValue {
        var payload = payload
        guard payload.readableBytes >= 4,
            let format = payload.readString(length: 3),
            payload.readInteger(as: UInt8.self) == UInt8(ascii: ":")
        else {
            throw RESPProtocolError(.invalidVerbatimString, "verbatim string lacks its 'fmt:' prefix")
        }
        return .verbatimString(format: format, payload)
    }

    static func describe(_ byte: UInt8) -> String {
        if (0x21...0x7e).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
