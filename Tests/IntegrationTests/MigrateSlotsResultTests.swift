import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// `migrate_slots` says what it did once: the slots it moved with their keys, and apart from them
/// the slots the target owned already; the engine's summary counts the same.
@Suite("migrate_slots: one result that counts what moved and what was in place", .serialized)
struct MigrateSlotsResultTests {
    @Test("the library's result: slots moved, their keys, and the slots already on the target")
    func libraryResult() async throws {
        try await withLocalServers(3) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: try SlotSet(parsing: "10-12"), perSlot: 7)
            let summaries = SummaryLog()
            try await withOperator(OperationOptions(waitTimeout: 30, events: { summaries.record($0) })) { trib in
                try await trib.startMulti(servers.map(\.address))
                try await keys.write(to: a)
                // 9000 belongs to b (the second of three masters).
                let result = try await trib.migrateSlots(from: a, to: b, slots: try SlotSet(parsing: "10-19 9000"))
                #expect(result.moved == (try SlotSet(parsing: "10-19")))
                #expect(result.keysMoved == keys.values.count)
                #expect(result.alreadyOnTarget == (try SlotSet(parsing: "9000")))
            }
            let summary = try #require(summaries.last)
            #expect(summary.slots == 10 && summary.slotsInPlace == 1 && summary.keys == keys.values.count)
            #expect(try await keys.missing(on: b).isEmpty)
        }
    }

    @Test("the command line: one line, each count once; slots all in place move nothing")
    func commandLineText() async throws {
        try await withLocalServers(3) { servers in
            try await withOperator { try await $0.startMulti(servers.map(\.address)) }
            let (a, b) = ("\(servers[0].address)", "\(servers[1].address)")
            let keys = SlotKeys(slots: [try HashSlot(20)], perSlot: 5)
            try await keys.write(to: servers[0].address)

            let inPlace = try await TribProcess.run(["migrate_slots", a, b, "9000"])
            #expect(inPlace.status == 0, "\(inPlace.err)")
            #expect(inPlace.out == "nothing to move: slot(s) 9000 already on \(b)\n")

            let mixed = try await TribProcess.run(["migrate_slots", a, b, "20-21", "9000-9001"])
            #expect(mixed.status == 0, "\(mixed.err)")
            #expect(mixed.out == "moved 2 slot(s) with 5 key(s) from \(a) to \(b); 2 slot(s) already on \(b): 9000-9001\n")

            let empty = try await TribProcess.run(["migrate_slots", a, b, "100-199"])
            #expect(empty.out == "moved 100 slot(s) with no keys from \(a) to \(b)\n")

            let json = try await TribProcess.run(["--json", "migrate_slots", a, b, "200-209", "9000"])
            let records = json.out.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let summaries = records.filter { $0["event"] as? String == "migration_summary" }
            #expect(summaries.count == 1)
            #expect(summaries.first?["slots"] as? Int == 10)
            let results = records.filter { $0["command"] as? String == "migrate_slots" }
            #expect(results.count == 1)
            #expect(results.first?["message"] as? String == "moved 10 slot(s) with no keys from \(a) to \(b); 1 slot(s) already on \(b): 9000")
        }
    }
}
