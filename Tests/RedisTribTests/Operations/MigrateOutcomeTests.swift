import NIOCore
import RESP
import Testing

@testable import RedisTrib

@Suite("MigrateOutcome and SlotMigrationJob")
struct MigrateOutcomeTests {
    @Test(
        "MIGRATE replies, as Redis 7 and Valkey 9 word them",
        arguments: [
            ("+OK", MigrateOutcome.moved),
            ("+NOKEY", .moved),
            ("-ERR Target instance replied with error: BUSYKEY Target key name already exists.", .busyKeys),
            ("-IOERR error or timeout reading to target instance", .timedOut("IOERR error or timeout reading to target instance")),
            ("-IOERR error or timeout writing to target instance", .timedOut("IOERR error or timeout writing to target instance")),
            ("-IOERR error or timeout connecting to the client", .targetUnreachable("IOERR error or timeout connecting to the client")),
            ("-ERR Target instance replied with error: OOM command not allowed", .failed("ERR Target instance replied with error: OOM command not allowed")),
        ])
    func outcomes(reply: String, expected: MigrateOutcome) {
        let value: RESPValue =
            reply.hasPrefix("-")
            ? .error(ByteBuffer(string: String(reply.dropFirst())))
            : .simpleString(ByteBuffer(string: String(reply.dropFirst())))
        #expect(MigrateOutcome(reply: value) == expected)
    }

    @Test("MEMORY USAGE: a size, a key that is gone (-ASK in a migrating slot), or a refusal")
    func sizes() {
        #expect(SlotGroupKeyMover.size(from: .integer(72)) == .some(72))
        #expect(SlotGroupKeyMover.size(from: .null) == .some(nil))
        #expect(SlotGroupKeyMover.size(from: .error(ByteBuffer(string: "ASK 5 127.0.0.1:7001"))) == .some(nil))
        #expect(SlotGroupKeyMover.size(from: .error(ByteBuffer(string: "NOPERM this user has no permissions"))) == nil)
    }

    /// `CLUSTER GETSLOTMIGRATIONS` as Valkey 9.1 answered it on the source during a migration (RESP2).
    static let exportListing: RESPValue = .array([
        job(name: "86dafc3feb6d7b5128bee13f8a1adddf446e7b82", operation: "EXPORT", ranges: "1000-1010 2000-2005", state: "waiting-to-snapshot"),
        job(name: "015d55bc75b6c03a529cf921eae2805e0f51f20b", operation: "EXPORT", ranges: "0-999", state: "success"),
        job(
            name: "3f67a6388784e4f5134f7b40fcc2360b4eaf13f8", operation: "EXPORT", ranges: "3000-3001", state: "failed",
            message: "Received error during handshake to target: -ERR Slots are being manually imported"
        ),
    ])

    static func job(name: String, operation: String, ranges: String, state: String, message: String = "") -> RESPValue {
        let fields = [
            ("name", name), ("operation", operation), ("slot_ranges", ranges),
            ("target_node", "73458941d7161fa9dfa72ea7ea22ba47dcecea3f"), ("source_node", "596ab7d201c701a00c6a6d46f9dc70f5c2383589"),
            ("create_time", "1795634332"), ("last_update_time", "1795634332"), ("last_ack_time", "1795634332"),
            ("state", state), ("message", message),
        ]
        return .array(
            fields.flatMap { [RESPValue.bulkString(ByteBuffer(string: $0.0)), .bulkString(ByteBuffer(string: $0.1))] }
                + [.bulkString(ByteBuffer(string: "cow_size")), .integer(0), .bulkString(ByteBuffer(string: "remaining_repl_size")), .integer(0)]
        )
    }

    @Test("GETSLOTMIGRATIONS entries: name, side, slots, state and why a job failed")
    func jobs() throws {
        let jobs = SlotMigrationJob.list(Self.exportListing)
        #expect(
            jobs.map(\.name) == [
                "86dafc3feb6d7b5128bee13f8a1adddf446e7b82", "015d55bc75b6c03a529cf921eae2805e0f51f20b", "3f67a6388784e4f5134f7b40fcc2360b4eaf13f8",
            ])
        #expect(jobs[0].slots == SlotSet(1000...1010).union(SlotSet(2000...2005)))
        #expect(jobs[0].operation == "EXPORT" && !jobs[0].isFinished)
        #expect(jobs[0].targetID == "73458941d7161fa9dfa72ea7ea22ba47dcecea3f")
        #expect(jobs[1].isFinished && jobs[1].state == "success")
        #expect(jobs[2].isFinished && jobs[2].message.hasSuffix("Slots are being manually imported"))
    }

    @Test("RESP3 maps read the same as flat lists")
    func resp3() throws {
        guard case .array(let fields) = Self.job(name: "a1", operation: "IMPORT", ranges: "5-5", state: "success") else {
            Issue.record("the job fixture is not a flat array")
            return
        }
        let map = RESPValue.map(stride(from: 0, to: fields.count, by: 2).map { RESPMapEntry(key: fields[$0], value: fields[$0 + 1]) })
        let job = try #require(SlotMigrationJob(map))
        #expect(try job.name == "a1" && job.operation == "IMPORT" && job.slots == [try HashSlot(5)] && job.state == "success")
    }

    @Test("failures of several tasks: stops left out, one real failure alone, several in one message")
    func combinedFailures() {
        let stopped = TribError(.stopped, "stopped")
        let busy = TribError(.busyKeys, "slot 5: keys differ")
        let down = TribError(.nodeError, "target down")
        #expect([stopped, busy].combined() == busy)
        #expect([TribError](repeating: stopped, count: 2).combined()?.code == .stopped)
        let both = [busy, stopped, down].combined()
        #expect(both?.code == .busyKeys)
        #expect(both?.message == "2 failures: (1) slot 5: keys differ; (2) target down")
        #expect([TribError(.cancelled, "stopped at a safe point"), stopped].combined()?.code == .cancelled)
    }

    @Test("progress: the fraction is the further of keys and slots, the ETA follows the pace")
    func progress() throws {
        let half = MigrationProgress(slotsDone: 10, slotsTotal: 100, keysMoved: 500, keysTotal: 1000, elapsed: 2)
        #expect(half.fraction == 0.5)
        #expect(half.eta == 2)
        #expect(half.keysPerSecond == 250)
        let atomic = MigrationProgress(slotsDone: 0, slotsTotal: 100, keysMoved: 0, keysTotal: 1000, elapsed: 1)
        #expect(atomic.eta == nil)
        let noKeys = MigrationProgress(slotsDone: 25, slotsTotal: 100, keysMoved: 0, keysTotal: 0, elapsed: 1)
        #expect(noKeys.fraction == 0.25)
        // Slots further than keys: the slots count (3 s for 0.6 done, 2 s to go).
        let slotsAhead = MigrationProgress(slotsDone: 60, slotsTotal: 100, keysMoved: 500, keysTotal: 1000, elapsed: 3)
        #expect(slotsAhead.fraction == 0.6)
        let eta = try #require(slotsAhead.eta)
        #expect(abs(eta - 2) < 1e-9, "eta \(eta)")
    }
}
