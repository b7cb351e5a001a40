import NIOCore
import Testing

@testable import RESP

@Suite("Commands and addresses")
struct RedisCommandTests {
    @Test("encodes a command as an array of bulk strings, binary-safe")
    func encodes() {
        var command = RedisCommand("SET")
        command.append(ByteBuffer(bytes: [0xFF, 0x0D, 0x0A, 0x20, 0x7B, 0x7D]))
        command.append("v")
        var buffer = ByteBuffer()
        command.encode(into: &buffer)
        let expected: [UInt8] = Array("*3\r\n$3\r\nSET\r\n$6\r\n".utf8) + [0xFF, 0x0D, 0x0A, 0x20, 0x7B, 0x7D] + Array("\r\n$1\r\nv\r\n".utf8)
        #expect(Array(buffer.readableBytesView) == expected)
        #expect(command.encodedLength == expected.count)
    }

    @Test("the encoder's output decodes back to the same arguments")
    func roundTrip() throws {
        let arguments = (0..<300).map { ByteBuffer(bytes: (0..<$0).map { UInt8(truncatingIfNeeded: $0 &* 7) }) }
        let command = RedisCommand(arguments: arguments)
        var buffer = ByteBuffer()
        command.encode(into: &buffer)
        #expect(buffer.readableBytes == command.encodedLength)
        var parser = RESPParser()
        let value = try #require(try parser.next(from: &buffer))
        #expect(value == .array(arguments.map { .bulkString($0) }))
    }

    @Test(
        "hides passwords when printed",
        arguments: [
            (["AUTH", "secret"], "AUTH (redacted)"),
            (["AUTH", "alice", "secret"], "AUTH (redacted) (redacted)"),
            (
                ["MIGRATE", "h", "1", "", "0", "5000", "REPLACE", "AUTH2", "bob", "pw", "KEYS", "AUTH", "k"],
                "MIGRATE h 1 \"\" 0 5000 REPLACE AUTH2 bob (redacted) KEYS AUTH k"
            ),
            (["MIGRATE", "h", "1", "", "0", "5000", "AUTH", "pw", "KEYS", "a"], "MIGRATE h 1 \"\" 0 5000 AUTH (redacted) KEYS a"),
            (["CONFIG", "SET", "masterauth", "pw"], "CONFIG SET masterauth (redacted)"),
            (["HELLO", "3", "AUTH", "u", "p"], "HELLO 3 AUTH (redacted) (redacted)"),
            (["GET", "secret"], "GET secret"),
        ]
    )
    func redacts(arguments: [String], printed: String) {
        #expect(RedisCommand(arguments).description == printed)
    }

    @Test(
        "parses addresses",
        arguments: [
            ("127.0.0.1:7000", "127.0.0.1", 7000),
            ("[::1]:7000", "::1", 7000),
            ("redis-a.internal:6379", "redis-a.internal", 6379),
            ("localhost:1", "localhost", 1),
        ]
    )
    func parsesAddress(text: String, host: String, port: Int) throws {
        let address = try NodeAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == text)
    }

    @Test(
        "rejects malformed addresses, naming them",
        arguments: ["", "127.0.0.1", ":7000", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "::1:7000", "[::1:7000", "[::1]7000", "a b:1", "h:x"]
    )
    func rejectsAddress(text: String) {
        #expect {
            _ = try NodeAddress(parsing: text)
        } throws: { error in
            (error as? NodeAddressError)?.description.hasPrefix("'\(text)' is not a node address") == true
        }
    }

    @Test(
        "server error codes are read from the reply",
        arguments: [
            ("MOVED 3999 127.0.0.1:6381", "MOVED"), ("ASK 3999 127.0.0.1:6381", "ASK"),
            ("BUSYKEY Target key name already exists.", "BUSYKEY"), ("WRONGPASS invalid username-password pair", "WRONGPASS"),
            ("unknown lowercase text", "ERR"),
        ])
    func serverErrorCode(message: String, code: String) {
        #expect(RedisServerError(message: message).code == code)
    }
}
