import NIOCore
import RESP
import Testing

@testable import RedisTrib

@Suite("The dump transfer's pure logic: replies read, outcomes combined, script commands")
struct DumpTransferLogicTests {
    @Test("DUMP and PEXPIRETIME replies: a payload with its expiry, a key that is gone (nil, or -ASK in a migrating slot), an error")
    func reads() {
        let payload = ByteBuffer(bytes: [0x00, 0x01, 0xFF])
        #expect(DumpTransfer.read(dump: .bulkString(payload), expireTime: .integer(-1)) == .value(payload: payload, expireAt: -1))
        #expect(DumpTransfer.read(dump: .bulkString(payload), expireTime: .integer(1_900_000_000_123)) == .value(payload: payload, expireAt: 1_900_000_000_123))
        #expect(DumpTransfer.read(dump: .null, expireTime: .integer(-2)) == .gone)
        #expect(
            DumpTransfer.read(dump: .error(ByteBuffer(string: "ASK 12 127.0.0.1:7001")), expireTime: .error(ByteBuffer(string: "ASK 12 127.0.0.1:7001")))
                == .gone)
        #expect(DumpTransfer.read(dump: .error(ByteBuffer(string: "MOVED 12 127.0.0.1:7001")), expireTime: .integer(-2)) == .gone)
        #expect(DumpTransfer.read(dump: .error(ByteBuffer(string: "NOPERM no DUMP")), expireTime: .integer(-1)) == .failed("NOPERM no DUMP"))
    }

    @Test("a batch's outcome is its worst key's: an error over a timeout over keys on both sides over moved")
    func worstOutcomeCounts() {
        var result = DumpTransfer.BatchResult(outcome: .moved, moved: 3)
        result.fail(.busyKeys)
        #expect(result.outcome == .busyKeys)
        result.fail(.timedOut("t"))
        result.fail(.busyKeys)
        #expect(result.outcome == .timedOut("t"))
        result.fail(.failed("f"))
        result.fail(.targetUnreachable("u"))
        #expect(result.outcome == .failed("f"))
    }

    @Test("script commands: EVALSHA with the digest, or EVAL with the body, one key, then the arguments")
    func scriptCommands() {
        let key = ByteBuffer(string: "{a}k")
        let loaded = DumpScript.deleteIfRestored.command(key: key, arguments: [ByteBuffer(string: "p")])
        #expect(loaded.arguments.map { String(buffer: $0) } == ["EVALSHA", DumpScript.deleteIfRestored.sha, "1", "{a}k", "p"])
        let unloaded = DumpScript.deleteIfRestored.command(key: key, arguments: [], loaded: false)
        #expect(unloaded.arguments.map { String(buffer: $0) } == ["EVAL", DumpScript.deleteIfRestored.body, "1", "{a}k"])
        #expect(DumpScript.isUnknown(.error(ByteBuffer(string: "NOSCRIPT No matching script."))))
        #expect(!DumpScript.isUnknown(.error(ByteBuffer(string: "ERR other"))))
        let digests = [DumpScript.deleteIfUnchanged, .deleteIfRestored, .replaceIfRestored].map(\.sha)
        #expect(Set(digests).count == 3 && digests.allSatisfy { $0.count == 40 })
    }
}
