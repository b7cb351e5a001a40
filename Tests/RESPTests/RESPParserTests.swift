import NIOCore
import NIOTestUtils
import Testing
import TribTestSupport

@testable import RESP

/// Every reply kind, as bytes and as the value they must decode to.
let replyExamples: [(name: String, bytes: String, value: RESPValue)] = [
    ("simple string", "+OK\r\n", .simpleString(ByteBuffer(string: "OK"))),
    ("error", "-BUSYKEY Target key name already exists.\r\n", .error(ByteBuffer(string: "BUSYKEY Target key name already exists."))),
    ("integer", ":-42\r\n", .integer(-42)),
    ("bulk string", "$12\r\nhello\r\nworld\r\n", .bulkString(ByteBuffer(string: "hello\r\nworld"))),
    ("empty bulk", "$0\r\n\r\n", .bulkString(ByteBuffer())),
    ("null bulk", "$-1\r\n", .null),
    ("null array", "*-1\r\n", .null),
    ("resp3 null", "_\r\n", .null),
    ("array", "*3\r\n:1\r\n$3\r\nfoo\r\n*0\r\n", .array([.integer(1), .bulkString(ByteBuffer(string: "foo")), .array([])])),
    ("nested array", "*2\r\n*1\r\n+a\r\n*1\r\n*1\r\n:7\r\n", .array([.array([.simpleString(ByteBuffer(string: "a"))]), .array([.array([.integer(7)])])])),
    ("double", ",3.25\r\n", .double(3.25)),
    ("double inf", ",-inf\r\n", .double(-.infinity)),
    ("boolean true", "#t\r\n", .boolean(true)),
    ("boolean false", "#f\r\n", .boolean(false)),
    ("big number", "(3492890328409238509324850943850943825024385\r\n", .bigNumber("3492890328409238509324850943850943825024385")),
    ("blob error", "!9\r\nERR oops!\r\n", .error(ByteBuffer(string: "ERR oops!"))),
    ("verbatim", "=15\r\ntxt:Some string\r\n", .verbatimString(format: "txt", ByteBuffer(string: "Some string"))),
    (
        "map", "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n",
        .map([
            RESPMapEntry(key: .simpleString(ByteBuffer(string: "a")), value: .integer(1)),
            RESPMapEntry(key: .simpleString(ByteBuffer(string: "b")), value: .integer(2)),
        ])
    ),
    ("set", "~2\r\n+x\r\n+y\r\n", .set([.simpleString(ByteBuffer(string: "x")), .simpleString(ByteBuffer(string: "y"))])),
    ("push", ">2\r\n+message\r\n$2\r\nhi\r\n", .push([.simpleString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "hi"))])),
    ("attribute", "|1\r\n+ttl\r\n:3\r\n:99\r\n", .attribute([RESPMapEntry(key: .simpleString(ByteBuffer(string: "ttl")), value: .integer(3))], .integer(99))),
    (
        "attribute inside array", "*2\r\n|1\r\n+k\r\n+v\r\n:1\r\n:2\r\n",
        .array([
            .attribute([RESPMapEntry(key: .simpleString(ByteBuffer(string: "k")), value: .simpleString(ByteBuffer(string: "v")))], .integer(1)),
            .integer(2),
        ])
    ),
    ("binary bulk", "$6\r\n\u{7B}\r\n \u{7D}x\r\n", .bulkString(ByteBuffer(bytes: [0x7B, 0x0D, 0x0A, 0x20, 0x7D, 0x78]))),
]

@Suite("RESP parser")
struct RESPParserTests {
    @Test("decodes every reply kind whole", arguments: replyExamples.map(\.name))
    func decodesWhole(name: String) throws {
        let example = try #require(replyExamples.first { $0.name == name })
        var buffer = ByteBuffer(string: example.bytes)
        var parser = RESPParser()
        #expect(try parser.next(from: &buffer) == example.value)
        #expect(buffer.readableBytes == 0)
    }

    @Test("decodes every reply kind split at every byte position", arguments: replyExamples.map(\.name))
    func decodesSplit(name: String) throws {
        let example = try #require(replyExamples.first { $0.name == name })
        let bytes = Array(example.bytes.utf8)
        for split in 0...bytes.count {
            var parser = RESPParser()
            var buffer = ByteBuffer(bytes: bytes[..<split])
            let early = try parser.next(from: &buffer)
            if split < bytes.count {
                #expect(early == nil, "a reply came out of \(split) of \(bytes.count) bytes")
                buffer.discardReadBytes()
                buffer.writeBytes(bytes[split...])
                #expect(try parser.next(from: &buffer) == example.value, "split at \(split)")
            } else {
                #expect(early == example.value)
            }
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("decodes a byte at a time, with several replies in a row")
    func decodesByteByByte() throws {
        let stream = replyExamples.map(\.bytes).joined()
        var parser = RESPParser()
        var buffer = ByteBuffer()
        var decoded: [RESPValue] = []
        for byte in stream.utf8 {
            buffer.writeInteger(byte)
            while let value = try parser.next(from: &buffer) {
                decoded.append(value)
            }
        }
        #expect(decoded == replyExamples.map(\.value))
    }

    @Test("the NIO decoder survives every split of the stream")
    func verifier() throws {
        let pairs = replyExamples.map { (ByteBuffer(string: $0.bytes), [$0.value]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPDecoder() }
    }

    static let invalid: [(bytes: String, code: RESPProtocolError.Code)] = [
        ("?what\r\n", .invalidTypeByte),
        ("\u{00}\r\n", .invalidTypeByte),
        (":12a\r\n", .invalidInteger),
        (":\r\n", .invalidInteger),
        (":99999999999999999999\r\n", .invalidInteger),
        ("$-2\r\n", .invalidLength),
        ("*-5\r\n", .invalidLength),
        ("$3\r\nabcde\r\n", .missingLineEnd),
        ("+OK\rX", .missingLineEnd),
        (",abc\r\n", .invalidDouble),
        ("#x\r\n", .invalidBoolean),
        ("=2\r\nab\r\n", .invalidVerbatimString),
        ("(12x\r\n", .invalidInteger),
        ("_x\r\n", .invalidTypeByte),
        ("$abc\r\n", .invalidInteger),
    ]

    @Test("rejects invalid bytes with the right code", arguments: invalid.indices)
    func rejectsInvalid(index: Int) {
        let (bytes, code) = Self.invalid[index]
        var parser = RESPParser()
        var buffer = ByteBuffer(string: bytes)
        #expect {
            _ = try parser.next(from: &buffer)
        } throws: { error in
            (error as? RESPProtocolError)?.code == code
        }
    }

    @Test("a bulk length over the limit fails before its bytes arrive")
    func bulkLimit() {
        var parser = RESPParser(limits: RESPDecodingLimits(maxBulkLength: 100))
        var buffer = ByteBuffer(string: "$101\r\n")
        #expect(throws: RESPProtocolError.self) { try parser.next(from: &buffer) }
        var huge = ByteBuffer(string: "$99999999999\r\n")
        var standard = RESPParser()
        #expect { try standard.next(from: &huge) } throws: { ($0 as? RESPProtocolError)?.code == .bulkTooLong }
    }

    @Test("an element count over the limit fails at the header")
    func elementLimit() {
        var parser = RESPParser(limits: RESPDecodingLimits(maxElements: 3))
        for header in ["*4\r\n", "~4\r\n", ">4\r\n", "%4\r\n", "|4\r\n"] {
            var buffer = ByteBuffer(string: header)
            #expect { try parser.next(from: &buffer) } throws: { ($0 as? RESPProtocolError)?.code == .tooManyElements }
        }
        var fits = ByteBuffer(string: "*3\r\n:1\r\n:2\r\n:3\r\n")
        var fresh = RESPParser(limits: RESPDecodingLimits(maxElements: 3))
        #expect((try? fresh.next(from: &fits))?.elements?.count == 3)
    }

    @Test("nesting deeper than the limit fails")
    func depthLimit() throws {
        let limits = RESPDecodingLimits(maxDepth: 4)
        var ok = RESPParser(limits: limits)
        var four = ByteBuffer(string: String(repeating: "*1\r\n", count: 4) + ":1\r\n")
        #expect(try ok.next(from: &four) != nil)
        var deep = RESPParser(limits: limits)
        var five = ByteBuffer(string: String(repeating: "*1\r\n", count: 5) + ":1\r\n")
        #expect { try deep.next(from: &five) } throws: { ($0 as? RESPProtocolError)?.code == .nestingTooDeep }
        // A hostile, endless nesting is refused, not followed down.
        var endless = RESPParser()
        var stream = ByteBuffer(string: String(repeating: "*1\r\n", count: 100_000))
        #expect { try endless.next(from: &stream) } throws: { ($0 as? RESPProtocolError)?.code == .nestingTooDeep }
    }

    @Test("a line without its end beyond the limit fails instead of buffering forever")
    func lineLimit() {
        var parser = RESPParser(limits: RESPDecodingLimits(maxLineLength: 16))
        var buffer = ByteBuffer(string: "+" + String(repeating: "a", count: 17))
        #expect { try parser.next(from: &buffer) } throws: { ($0 as? RESPProtocolError)?.code == .lineTooLong }
    }

    @Test("a reply larger than the reply limit fails")
    func replyLimit() {
        var parser = RESPParser(limits: RESPDecodingLimits(maxReplyBytes: 64))
        var buffer = ByteBuffer(string: "*100\r\n" + String(repeating: ":1\r\n", count: 20))
        #expect { try parser.next(from: &buffer) } throws: { ($0 as? RESPProtocolError)?.code == .replyTooLarge }
    }

    @Test("a reply of endless nulls, nested so no one aggregate is over its limit, fails at the values-per-reply limit")
    func valuesPerReplyLimit() throws {
        var parser = RESPParser(limits: RESPDecodingLimits(maxElements: 1000, maxValuesPerReply: 5000))
        // Ten arrays of a thousand RESP3 nulls: each within the element limit, 10,011 values in all.
        var buffer = ByteBuffer(string: "*10\r\n" + String(repeating: "*1000\r\n" + String(repeating: "_\r\n", count: 1000), count: 10))
        #expect { try parser.next(from: &buffer) } throws: { ($0 as? RESPProtocolError)?.code == .tooManyElements }
        // A reply under the limit, then another: the count starts again for each reply.
        var fresh = RESPParser(limits: RESPDecodingLimits(maxValuesPerReply: 5))
        var two = ByteBuffer(string: "*3\r\n_\r\n_\r\n_\r\n*3\r\n_\r\n_\r\n_\r\n")
        #expect(try fresh.next(from: &two)?.elements?.count == 3)
        #expect(try fresh.next(from: &two)?.elements?.count == 3)
    }

    @Test("random bytes never crash the parser")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("+-:$*_,#(!=%~>|\r\n0123456789-abc".utf8)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator) ?? 0 : UInt8.random(in: 0...255, using: &generator)
            }
            var parser = RESPParser(limits: RESPDecodingLimits(maxBulkLength: 1000, maxElements: 1000, maxDepth: 8))
            var buffer = ByteBuffer(bytes: bytes)
            var replies = 0
            while replies < 100, (try? parser.next(from: &buffer)).flatMap({ $0 }) != nil {
                replies += 1
            }
            #expect(replies <= bytes.count)
        }
    }
}
