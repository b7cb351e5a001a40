import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// `rebalance` against real servers (`$REDIS_TRIB_SERVER`): weights, threshold, empty masters,
/// balancing by keys, and the ways redis-cli's rebalance fails; every key counted and read before and after.
@Suite("rebalance on real servers", .serialized)
struct RebalanceTests {
    /// The cluster as every node of `addresses` reads it.
    static func observe(_ addresses: [NodeAddress]) async throws -> ObservedCluster {
        let readings = try await addresses.asyncMap(readNode)
        return ObservedCluster(readings: readings, addresses: Dictionary(uniqueKeysWithValues: readings.map { ($0.id, $0.address) }))
    }

    /// Each master's slot count, by address, as the first address sees the cluster.
    static func slotCounts(_ addresses: [NodeAddress]) async throws -> [NodeAddress: Int] {
        let observed = try await Self.observe(addresses)
        var counts: [NodeAddress: Int] = [:]
        for address in observed.masters {
            counts[address] = observed.slots(of: address).count
        }
        return counts
    }

    @Test("an almost balanced cluster moves nothing; weights 2:1:1 give 8192/4096/4096 within one slot; a rerun moves nothing")
    func weightsAndThreshold() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c) = (addresses[0], addresses[1], addresses[2])
            try await withCluster(servers) { trib in
                let keys = try await fillKeys(a, count: 3000)
                let before = try await readConfigurations(addresses)
                let even = try await trib.rebalance(b)
                #expect(even.isEmpty && !even.applied)
                #expect(even.masters.allSatisfy { $0.withinThreshold })
                #expect(even.notes == ["no rebalancing needed: every master is within the 2% threshold of its share"])
                try await assertUnchanged(before)

                // 80 slots off (1.5 % of a share): within 2 % nothing moves; at 1 % every master
                // takes part and each ends within one slot of its share.
                let cOwn = try #require(try await ownView(c)?.slots.sorted())
                _ = try await trib.migrateSlots(from: c, to: a, slots: SlotSet(cOwn.prefix(80)))
                let offBy80 = try await readConfigurations(addresses)
                let within = try await trib.rebalance(b)
                #expect(within.isEmpty, "\(within.moves)")
                try await assertUnchanged(offBy80)
                let tight = try await trib.rebalance(b, RebalanceOptions(thresholdPercent: 1))
                #expect(tight.applied && tight.slotCount == 80, "\(tight.moves)")
                let evened = try await Self.slotCounts(addresses)
                #expect(addresses.allSatisfy { abs((evened[$0] ?? 0) - 5461) <= 1 }, "\(evened)")
                try await assertKeys(keys, on: addresses)

                let aID = try #require(try await ownView(a)?.id)
                let plan = try await trib.rebalance(b, RebalanceOptions(weights: [.id(String(aID.prefix(10))): 2, .address(c): 1]))
                #expect(plan.applied && plan.summary?.completed == true)
                #expect(plan.summary?.slots == plan.slotCount)
                let counts = try await Self.slotCounts(addresses)
                for (address, share) in [(a, 8192), (b, 4096), (c, 4096)] {
                    #expect(abs((counts[address] ?? 0) - share) <= 1, "\(address) holds \(counts[address] ?? 0) slots, its share is \(share)")
                    #expect(plan.masters.first { $0.address == address }?.slotsAfter == counts[address])
                }
                try await assertClusterHealthy(addresses, expectedMasters: 3)
                try await assertKeys(keys, on: addresses)

                let settled = try await readConfigurations(addresses)
                // The same weights from a pluggable Balancer: nothing to move (an ignored balancer would even the masters out).
                let again = try await trib.rebalance(a, balancer: Balancer { $0.id == aID ? 2 : 1 })
                #expect(again.isEmpty)
                try await assertUnchanged(settled)
            }
        }
    }

    @Test("--use-empty-masters fills a master that joined with no slot; without it the empty master is left out and nothing moves")
    func emptyMasters() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses.prefix(3)))
                try await trib.joinNoLoad(cluster: addresses[0], newNode: addresses[3])
                let keys = try await fillKeys(addresses[0], count: 2000)
                let before = try await readConfigurations(addresses)
                let leftOut = try await trib.rebalance(addresses[0])
                #expect(leftOut.isEmpty)
                #expect(leftOut.notes.contains { $0.hasPrefix("\(addresses[3]) holds no slot and is left out") })
                try await assertUnchanged(before)

                let plan = try await trib.rebalance(addresses[1], RebalanceOptions(useEmptyMasters: true))
                #expect(plan.applied && plan.moves.allSatisfy { $0.destination == addresses[3] })
                let counts = try await Self.slotCounts(addresses)
                #expect(counts.values.allSatisfy { abs($0 - 4096) <= 1 }, "\(counts)")
                try await assertClusterHealthy(addresses, expectedMasters: 4)
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    @Test("weight 0 on two of four masters, one with a replica: the cluster turns both into replicas half way (redis#11104), every key kept")
    func weightZeroTurnsTheMasterIntoAReplica() async throws {
        try await withLocalServers(5) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c, d, replica) = (addresses[0], addresses[1], addresses[2], addresses[3], addresses[4])
            try await withOperator(.testing) { trib in
                try await trib.startMulti([a, b, c, d])
                try await trib.replicate(master: c, replica: replica)
                let keys = try await fillKeys(a, count: 3000)
                // C's and D's pairs move at once; each of the two is an "other master" of the other's
                // pair, told its new owners after it may have become a replica.
                let plan = try await trib.rebalance(a, RebalanceOptions(weights: [.address(c): 0, .address(d): 0]))
                #expect(plan.applied && plan.summary?.completed == true)
                #expect(plan.moves.allSatisfy { $0.source == c || $0.source == d })
                let observed = try await Self.observe(addresses)
                for drained in [c, d] {
                    let emptied = try #require(plan.masters.first { $0.address == drained })
                    #expect(emptied.slotsAfter == 0)
                    let view = try #require(try await ownView(drained))
                    #expect(view.slots.isEmpty)
                    // Redis 7.0 and Valkey 9 make a master that gives its last slot a replica of the
                    // taker (cluster-allow-replica-migration yes): the plan says so, as the node does.
                    #expect(view.isReplica, "\(drained) is \(String(describing: view.role)) after giving its last slot")
                    #expect(emptied.replicaOf != nil && emptied.replicaOf == observed.master(of: drained))
                }
                #expect(plan.notes.filter { $0.contains("gave its last slot and the cluster made it a replica") }.count == 2)
                let counts = try await Self.slotCounts(addresses)
                #expect(Set(counts.keys) == [a, b] && abs((counts[a] ?? 0) - 8192) <= 1 && abs((counts[b] ?? 0) - 8192) <= 1, "\(counts)")
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    @Test("weight 0 on a master with cluster-allow-replica-migration no, its replica yes (valkey#899): done key by key, the master stays an empty master")
    func weightZeroWithoutReplicaMigration() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c, replica) = (addresses[0], addresses[1], addresses[2], addresses[3])
            var options = OperationOptions.testing
            options.atomic = .never
            try await withOperator(options) { trib in
                try await trib.startMulti([a, b, c])
                try await trib.replicate(master: c, replica: replica)
                try await withConnection(to: c) { connection in
                    try await connection.send("CONFIG", "SET", "cluster-allow-replica-migration", "no")
                }
                let keys = try await fillKeys(a, count: 3000)
                let plan = try await trib.rebalance(b, RebalanceOptions(weights: [.address(c): 0]))
                #expect(plan.applied && plan.summary?.completed == true)
                let view = try #require(try await ownView(c))
                #expect(view.slots.isEmpty && view.isMaster, "\(c) is \(String(describing: view.role)) with slots \(view.slots)")
                #expect(plan.masters.first { $0.address == c }?.replicaOf == nil)
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    @Test("--user without a password (valkey#3844): a nopass ACL user logs in and MIGRATEs as itself; a user with a password is told to give it")
    func userWithoutPassword() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { _ in
                let keys = try await fillKeys(addresses[0], count: 1000)
                for address in addresses {
                    try await withConnection(to: address) { connection in
                        try await connection.send("ACL", "SETUSER", "trib", "on", "nopass", "+@all", "~*")
                        try await connection.send("ACL", "SETUSER", "secret", "on", ">pw-secret", "+@all", "~*")
                        // The default user may no longer move keys: every MIGRATE and its RESTORE must go as `trib`.
                        try await connection.send("ACL", "SETUSER", "default", "-migrate", "-restore", "-restore-asking")
                    }
                }
                let cID = try #require(try await ownView(addresses[2])?.id)
                let run = try await TribProcess.run([
                    "--user", "trib", "rebalance", addresses[0].description, "--cluster-weight", "\(cID.prefix(12))=0", "--no-atomic",
                ])
                #expect(run.status == 0, "\(run.out)\(run.err)")
                #expect(run.out.contains("[PLAN] rebalance by slots, threshold 2%"), "\(run.out)")
                #expect(try await ownView(addresses[2])?.slots.isEmpty == true)
                try await assertKeys(keys, on: addresses)

                // Emptied, C turned replica (cluster-allow-replica-migration): its first sync ends before the
                // 'before' picture, or the keys it receives meanwhile read as a change.
                if let view = try await ownView(addresses[2]), let masterID = view.masterID,
                    let master = try await readNode(addresses[0]).topology.node(id: masterID)?.address
                {
                    #expect(try await waitUntilReplicated(addresses[2], from: master), "\(addresses[2]) never caught up with \(master)")
                }
                let before = try await readConfigurations(addresses)
                let refused = try await TribProcess.run(["--user", "secret", "rebalance", addresses[0].description])
                #expect(refused.status != 0)
                #expect(refused.err.contains("user 'secret' was given without a password"), "\(refused.err)")
                try await assertUnchanged(before)
            }
        }
    }

    @Test("--by keys with keys written unevenly ends closer to even key counts, moves at most --max-slots-moved slots, keeps every key")
    func byKeys() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let a = addresses[0]
            try await withCluster(servers) { trib in
                let aSlots = try #require(try await ownView(a)?.slots.sorted())
                // 60 slots of A with 30 keys each: A holds most keys, B and C a few.
                var written = SlotKeys(slots: SlotSet(aSlots.prefix(60)), perSlot: 30)
                try await written.write(to: a)
                let others = try await fillKeys(a, count: 600, prefix: "spread")
                written.values.merge(others) { first, _ in first }
                let spread = { (counts: [Int]) -> Int in (counts.max() ?? 0) - (counts.min() ?? 0) }
                let keysBefore = try await addresses.asyncMap { try await totalKeys([$0]) }
                let plan = try await trib.rebalance(a, RebalanceOptions(measure: .keys, maxSlotsMoved: 25))
                #expect(plan.applied && plan.measure == .keys)
                #expect(plan.slotCount <= 25 && plan.slotCount > 0)
                #expect(plan.moves.allSatisfy { $0.source == a })
                let keysAfter = try await addresses.asyncMap { try await totalKeys([$0]) }
                #expect(spread(keysAfter) < spread(keysBefore), "keys per master \(keysBefore) -> \(keysAfter)")
                for (address, keys) in zip(addresses, keysAfter) {
                    #expect(plan.masters.first { $0.address == address }?.amountAfter == keys, "\(address)")
                }
                #expect(plan.notes.contains { $0.hasPrefix("at most 25 slot(s) move in one run") })
                try await assertKeys(written.values, on: addresses)
            }
        }
    }

    @Test("--by memory moves the slots whose values are big, estimated from sampled MEMORY USAGE, to the masters without them")
    func byMemory() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c) = (addresses[0], addresses[1], addresses[2])
            try await withCluster(servers) { trib in
                let aSlots = try #require(try await ownView(a)?.slots.sorted())
                let big = SlotSet(aSlots.dropFirst(100).prefix(6))
                var written = SlotKeys(slots: big, perSlot: 5, valueSize: 20_000)
                try await written.write(to: a)
                let small = SlotKeys(slots: SlotSet(aSlots.prefix(50)), perSlot: 2)
                try await small.write(to: a)
                written.values.merge(small.values) { first, _ in first }
                let plan = try await trib.rebalance(b, RebalanceOptions(thresholdPercent: 10, measure: .memory))
                #expect(plan.applied && plan.measure == .memory)
                let moved = plan.moves.reduce(SlotSet()) { $0.union($1.slots) }
                #expect(moved.isSubset(of: big) && moved.count == 4, "moved \(moved)")
                #expect(Set(plan.moves.compactMap(\.destination)) == [b, c])
                let aBefore = try #require(plan.masters.first { $0.address == a })
                #expect(aBefore.amountBefore > 500_000 && aBefore.amountAfter < aBefore.amountBefore / 2)
                try await assertKeys(written.values, on: addresses)
            }
        }
    }

    @Test("a dry run (and --cluster-simulate) prints the plan and changes nothing; bad weights, thresholds and measures are refused naming them")
    func dryRun() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { _ in
                let keys = try await fillKeys(addresses[0], count: 500)
                let before = try await readConfigurations(addresses)
                for flag in ["--dry-run", "--cluster-simulate"] {
                    let run = try await TribProcess.run(["rebalance", addresses[0].description, "--weight", "\(addresses[2])=0", flag])
                    #expect(run.status == 0, "\(run.err)")
                    #expect(run.out.contains("[PLAN] rebalance by slots, threshold 2%: 2 moves, 5461 slots"), "\(run.out)")
                    #expect(run.out.contains("[DRY RUN] 2 moves of 5461 slots planned, nothing changed"), "\(run.out)")
                }
                let refusals: [([String], String)] = [
                    (["--weight", "0123456789abcdef=0"], "no node of the cluster of \(addresses[0]) has an id starting with '0123456789abcdef'"),
                    (["--weight", "\(addresses[1])=-1"], "is not a weight; expected a number ≥ 0"),
                    (["--threshold", "lots"], "--threshold 'lots': expected a percentage ≥ 0"),
                    (["--by", "bytes"], "--by 'bytes': expected slots, keys or memory"),
                ]
                for (arguments, message) in refusals {
                    let run = try await TribProcess.run(["rebalance", addresses[0].description] + arguments)
                    #expect(run.status == 2 && run.err.contains(message), "\(arguments): \(run.status) \(run.err)")
                }
                try await assertUnchanged(before)
                try await assertKeys(keys, on: addresses)
            }
        }
    }
}
