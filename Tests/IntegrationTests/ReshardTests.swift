import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// `reshard` against real servers (`$REDIS_TRIB_SERVER`): by count from one source and from all,
/// the slots with the fewest keys first, refusals that change nothing; every key counted and read.
@Suite("reshard on real servers", .serialized)
struct ReshardTests {
    @Test("100 slots from one source by id prefix: exactly those leave it, the third master keeps its own, every key kept")
    func fromOneSource() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c) = (addresses[0], addresses[1], addresses[2])
            try await withCluster(servers) { trib in
                let keys = try await fillKeys(a, count: 3000)
                let before = try await RebalanceTests.slotCounts(addresses)
                let aSlots = try #require(try await ownView(a)?.slots.sorted())
                let aID = try #require(try await ownView(a)?.id)
                let plan = try await trib.reshard(b, from: .nodes([.id(String(aID.prefix(9)))]), to: .address(c), slots: 100)
                #expect(plan.applied && plan.summary?.slots == 100)
                #expect(plan.moves.count == 1 && plan.moves.first?.slots == SlotSet(aSlots.prefix(100)))
                let after = try await RebalanceTests.slotCounts(addresses)
                #expect(after[a] == (before[a] ?? 0) - 100 && after[b] == before[b] && after[c] == (before[c] ?? 0) + 100, "\(before) -> \(after)")
                try await assertClusterHealthy(addresses, expectedMasters: 3)
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    @Test("--cluster-from all through the command line: 1001 slots from the two other masters in proportion, exactly 1001 in all")
    func fromAll() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c) = (addresses[0], addresses[1], addresses[2])
            try await withCluster(servers) { _ in
                let keys = try await fillKeys(a, count: 3000)
                let before = try await RebalanceTests.slotCounts(addresses)
                let run = try await TribProcess.run([
                    "reshard", a.description, "--cluster-from", "all", "--cluster-to", c.description, "--cluster-slots", "1001", "--cluster-yes",
                    "--cluster-pipeline", "50",
                ])
                #expect(run.status == 0, "\(run.out)\(run.err)")
                #expect(run.out.contains("[PLAN] reshard: 2 moves, 1001 slots"), "\(run.out)")
                let after = try await RebalanceTests.slotCounts(addresses)
                let gaveA = (before[a] ?? 0) - (after[a] ?? 0)
                let gaveB = (before[b] ?? 0) - (after[b] ?? 0)
                #expect(gaveA + gaveB == 1001 && (after[c] ?? 0) - (before[c] ?? 0) == 1001, "\(before) -> \(after)")
                // 5462 and 5461 slots: 500.5… and 500.4… of 1001.
                #expect(gaveA == 501 && gaveB == 500, "\(gaveA) and \(gaveB)")
                try await assertClusterHealthy(addresses, expectedMasters: 3)
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    @Test("--fewest-keys takes the empty slots first, leaving the slots that hold keys where they are")
    func fewestKeys() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b) = (addresses[0], addresses[1])
            try await withCluster(servers) { trib in
                let aSlots = try #require(try await ownView(a)?.slots.sorted())
                let full = SlotSet(aSlots.prefix(20))
                let written = SlotKeys(slots: full, perSlot: 10)
                try await written.write(to: a)
                let plan = try await trib.reshard(a, from: .nodes([.address(a)]), to: .address(b), slots: 30, fewestKeys: true)
                #expect(plan.applied && plan.slotCount == 30)
                let moved = plan.moves.reduce(SlotSet()) { $0.union($1.slots) }
                #expect(moved.isDisjoint(with: full), "moved \(moved)")
                #expect(moved == SlotSet(aSlots.dropFirst(20).prefix(30)))
                #expect(plan.summary?.keys == 0)
                #expect(try await ownView(a)?.slots.isSuperset(of: full) == true)
                try await assertKeys(written.values, on: addresses)
            }
        }
    }

    @Test("refused before any change: DST among the sources, more slots than the sources hold, a replica as source, an unknown node; --dry-run moves nothing")
    func refusals() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c, replica) = (addresses[0], addresses[1], addresses[2], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti([a, b, c])
                try await trib.replicate(master: c, replica: replica)
                let keys = try await fillKeys(a, count: 1000)
                // The replica's keys count in the picture: it must have applied its master's writes first.
                #expect(try await waitUntilReplicated(replica, from: c))
                let before = try await readConfigurations(addresses)
                let cases: [(ReshardSources, NodeReference, Int, String)] = [
                    (.nodes([.address(a), .address(c)]), .address(c), 10, "is the destination (--to) too"),
                    (.nodes([.address(a)]), .address(c), 5463, "the sources hold 5462 slot(s) in all"),
                    (.nodes([.address(replica)]), .address(c), 10, "is a replica; slots are taken from masters"),
                    (.nodes([.id("0123456789abcdef")]), .address(c), 10, "no node of the cluster of \(a) has an id starting with '0123456789abcdef'"),
                    (.all, .address(replica), 10, "is not a live master"),
                ]
                for (sources, destination, count, message) in cases {
                    do throws(TribError) {
                        _ = try await trib.reshard(a, from: sources, to: destination, slots: count)
                        Issue.record("reshard from \(sources) to \(destination) of \(count) slots was not refused")
                    } catch {
                        #expect(error.message.contains(message), "\(error.message)")
                    }
                }
                let dry = try await TribProcess.run(["--dry-run", "reshard", b.description, "--from", "all", "--to", a.description, "--slots", "300"])
                #expect(dry.status == 0, "\(dry.err)")
                #expect(dry.out.contains("[DRY RUN] 2 moves of 300 slots planned, nothing changed"), "\(dry.out)")
                let missing = try await TribProcess.run(["reshard", b.description, "--from", "all", "--slots", "300"])
                #expect(missing.status == 2 && missing.err.contains("reshard needs --from"), "\(missing.err)")
                try await assertUnchanged(before)
                try await assertKeys(keys, on: addresses)
            }
        }
    }
}
