import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fix` against real servers (`$REDIS_TRIB_SERVER`): each broken state made by hand with the
/// servers' own commands after keys were written, named by `check` before, repaired by `fix` with
/// every key kept with its value, healthy after, and nothing left for a second `fix`.
@Suite("fix on real servers", .serialized)
struct ClusterFixTests {
    @Test("uncovered slots: those with keys on a master go to it, those without go to the master with the fewest slots")
    func uncovered() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let a = addresses[0]
            try await withCluster(servers) { trib in
                let keys = SlotKeys(slots: SlotSet(100...104), perSlot: 5)
                try await keys.write(to: a)
                let total = try await totalKeys(addresses)
                try await deleteSlots(["100", "104", "200", "299"], on: addresses)
                let report = try await trib.check(addresses[1])
                #expect(report.findings.contains { $0.kind == .uncoveredSlots && $0.slots == SlotSet(100...104).union(SlotSet(200...299)) })
                #expect(report.findings.contains { $0.kind == .keysInUnownedSlots && $0.slots == SlotSet(100...104) })

                let plan = try await trib.fix(addresses[1])
                let aID = try #require(try await ownView(a)?.id)
                #expect(plan.applied)
                #expect(plan.repairs.allSatisfy { $0.kind == .assignUncoveredSlots }, "\(plan.repairs)")
                #expect(plan.repairs.first?.slots == SlotSet(100...104))
                #expect(plan.repairs.first?.keys == 25)
                #expect(plan.repairs.first?.nodes.map(\.id) == [aID])
                let spread = plan.repairs.dropFirst()
                #expect(spread.reduce(SlotSet()) { $0.union($1.slots) } == SlotSet(200...299))
                #expect(spread.allSatisfy { $0.keys == 0 })
                // A had 105 slots fewer than the others: the slots without keys even the masters out.
                var counts: [Int] = []
                for address in addresses {
                    counts.append(try #require(try await ownView(address)).slots.count)
                }
                #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "\(counts)")
                try await assertRepaired(addresses, keys: keys, on: a, total: total, trib: trib)
            }
        }
    }

    @Test("keys of a slot on a master that does not own it move into the owner: different keys on each, one equal key on both")
    func strayKeys() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, c) = (addresses[0], addresses[2])
            try await withCluster(servers) { trib in
                let slot = try HashSlot(100)
                let owned = SlotKeys(slots: [slot], perSlot: 20)
                try await owned.write(to: a)
                let aID = try #require(try await ownView(a)?.id)
                let cID = try #require(try await ownView(c)?.id)
                // C takes other keys of slot 100 by ASKING while it imports it for a moment, and one of A's keys with the same value.
                let tag = SlotKeys.tag(for: slot)
                var strays: [ByteBuffer: ByteBuffer] = [:]
                for index in 0..<7 {
                    strays[ByteBuffer(string: "{\(tag)}stray\(index)")] = ByteBuffer(string: "value on C \(index)")
                }
                let shared = try #require(owned.values.first)
                strays[shared.key] = shared.value
                try await writeStray(SlotKeys(values: strays), on: c, slot: slot, ownerID: aID)
                let total = try await totalKeys(addresses)
                let report = try await trib.check(a)
                #expect(report.findings.contains { $0.kind == .keysInUnownedSlots && $0.slots == [slot] && $0.nodes.map(\.id) == [cID] })

                let plan = try await trib.fix(a)
                #expect(plan.repairs.map(\.kind) == [.moveStrayKeys], "\(plan.repairs)")
                #expect(plan.repairs.first?.nodes.map(\.id) == [cID, aID])
                #expect(plan.repairs.first?.keys == 8)
                var all = owned.values
                all.merge(strays) { first, _ in first }
                // The shared key was on both nodes: it is one key now.
                try await assertRepaired(addresses, keys: SlotKeys(values: all), on: a, total: total - 1, trib: trib)
                #expect(try await slotKeyCounts([slot], on: c, database: 0) == 0)
            }
        }
    }

    @Test(
        "a key of the slot with a different value on the master that does not own it stops fix, both copies kept; --replace is refused; settled by hand, fix moves it"
    )
    func strayKeyConflict() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, c) = (addresses[0], addresses[2])
            try await withCluster(servers) { trib in
                let slot = try HashSlot(100)
                let owned = SlotKeys(slots: [slot], perSlot: 3)
                try await owned.write(to: a)
                let aID = try #require(try await ownView(a)?.id)
                let shared = try #require(owned.values.first)
                let other = SlotKeys(values: [shared.key: ByteBuffer(string: "another value")])
                try await writeStray(other, on: c, slot: slot, ownerID: aID)
                let refusal = await #expect(throws: TribError.self) { try await trib.fix(a) }
                #expect(refusal?.code == .busyKeys, "\(String(describing: refusal))")
                #expect(try await owned.missing(on: a) == [])
                #expect(try await slotKeyCounts([slot], on: c, database: 0) == 1)

                // --replace would let the stray copy overwrite the value clients use: refused, nothing changed.
                let before = try await readConfigurations(addresses)
                let replacing = await #expect(throws: TribError.self) {
                    try await withOperator(OperationOptions(waitTimeout: 30, replaceBusyKeys: true)) { replacing in
                        try await replacing.fix(a)
                    }
                }
                #expect(replacing?.code == .preconditionFailed)
                #expect(replacing?.message.contains("--replace would let the stray copies on") == true, "\(String(describing: replacing))")
                try await assertUnchanged(before)
                #expect(try await owned.missing(on: a) == [])
                // The operator settles the value by hand (here: the stray copy's); equal copies then move.
                try await withConnection(to: a) {
                    try await $0.send(RedisCommand(arguments: [ByteBuffer(string: "SET"), shared.key, ByteBuffer(string: "another value")]))
                }
                try await trib.fix(a)
                var all = owned.values
                all[shared.key] = ByteBuffer(string: "another value")
                #expect(try await SlotKeys(values: all).missing(on: a) == [])
                #expect(try await slotKeyCounts([slot], on: c, database: 0) == 0)
                #expect(try await trib.check(a).isHealthy)
                #expect(try await trib.fix(a).isEmpty)
            }
        }
    }

    @Test("a master that lost its slots but kept keys of them: its keys move into the owner")
    func masterWithoutSlots() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let (b, d) = (addresses[1], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses[0..<3]))
                try await trib.joinNoLoad(cluster: addresses[0], newNode: d)
                let slots = SlotSet(6000...6002)
                let owned = SlotKeys(slots: slots, perSlot: 4)
                try await owned.write(to: b)
                let bID = try #require(try await ownView(b)?.id)
                let dID = try #require(try await ownView(d)?.id)
                var lost: [ByteBuffer: ByteBuffer] = [:]
                for slot in slots {
                    lost[ByteBuffer(string: "{\(SlotKeys.tag(for: slot))}lost")] = ByteBuffer(string: "kept by D \(slot)")
                }
                for slot in slots {
                    let keys = SlotKeys(values: lost.filter { HashSlot.forKey(Array($0.key.readableBytesView)) == slot })
                    try await writeStray(keys, on: d, slot: slot, ownerID: bID)
                }
                let total = try await totalKeys(addresses)
                let report = try await trib.check(d)
                #expect(report.findings.contains { $0.kind == .keysInUnownedSlots && $0.slots == slots && $0.nodes.map(\.id) == [dID] })

                let plan = try await trib.fix(d)
                #expect(plan.repairs.map(\.kind) == [.moveStrayKeys], "\(plan.repairs)")
                #expect(plan.repairs.first?.slots == slots)
                var all = owned.values
                all.merge(lost) { first, _ in first }
                try await assertRepaired(addresses, keys: SlotKeys(values: all), on: b, total: total, trib: trib)
                #expect(try await totalKeys([d]) == 0)
            }
        }
    }

    @Test("slots whose only owner is dead: refused without --take-unreachable-slots, changing nothing; taken with it")
    func deadOwner() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (a, b, c) = (addresses[0], addresses[1], addresses[2])
            try await withCluster(servers) { trib in
                let cID = try #require(try await ownView(c)?.id)
                let aID = try #require(try await ownView(a)?.id)
                let keys = SlotKeys(slots: SlotSet(100...101).union(SlotSet(6000...6001)), perSlot: 3)
                try await SlotKeys(values: keys.values.filter { HashSlot.forKey(Array($0.key.readableBytesView)).rawValue < 5461 }).write(to: a)
                try await SlotKeys(values: keys.values.filter { HashSlot.forKey(Array($0.key.readableBytesView)).rawValue >= 5461 }).write(to: b)
                // A holds a key of C's slot 16000, put there by ASKING.
                let stray = SlotKeys(slots: [try HashSlot(16000)], perSlot: 1)
                try await writeStray(stray, on: a, slot: try HashSlot(16000), ownerID: cID)
                servers[2].signal(SIGKILL)
                let failed = try await pollUntil {
                    try await trib.check(a).findings.contains { $0.kind == .failedOwner }
                }
                #expect(failed)
                let before = try await readConfigurations([a, b])

                let refusal = await #expect(throws: TribError.self) { try await trib.fix(a) }
                #expect(refusal?.code == .preconditionFailed)
                #expect(refusal?.message.contains("--take-unreachable-slots") == true, "\(String(describing: refusal))")
                #expect(refusal?.message.contains("cannot be counted") == true)
                try await assertUnchanged(before)

                let plan = try await trib.fix(a, takeUnreachableSlots: true)
                let taken = plan.repairs.filter { $0.kind == .takeUnreachableSlots }
                #expect(plan.repairs.count == taken.count, "\(plan.repairs)")
                #expect(taken.reduce(SlotSet()) { $0.union($1.slots) } == SlotSet(10923...16383))
                let strayed = try HashSlot(16000)
                #expect(taken.contains { $0.slots.contains(strayed) && $0.nodes.first?.id == aID && $0.keys == 1 }, "\(taken)")
                #expect(taken.allSatisfy { $0.message.contains("cannot be counted") })
                // Every key written is where its slot is served: A's and the stray one on A, B's on B.
                var onA = keys.values.filter { HashSlot.forKey(Array($0.key.readableBytesView)).rawValue < 5461 }
                onA.merge(stray.values) { first, _ in first }
                #expect(try await SlotKeys(values: onA).missing(on: a) == [])
                #expect(try await SlotKeys(values: keys.values.filter { !onA.keys.contains($0.key) }).missing(on: b) == [])
                #expect(try await totalKeys([a, b]) == keys.values.count + 1)
                let after = try await trib.check(a)
                let errors = Set(after.findings.filter { $0.severity == .error }.map(\.kind))
                #expect(errors.isSubset(of: [.unreachableNode, .failedNode]), "\(after.findings)")
                #expect(try await trib.fix(a).isEmpty)
            }
        }
    }

    @Test("a dry run plans the repairs and changes nothing")
    func dryRun() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withCluster(servers) { _ in
                let keys = SlotKeys(slots: SlotSet(100...101), perSlot: 5)
                try await keys.write(to: addresses[0])
                try await deleteSlots(["100", "101"], on: addresses)
                let before = try await readConfigurations(addresses)
                try await withOperator(OperationOptions(waitTimeout: 30, dryRun: true)) { dry in
                    let plan = try await dry.fix(addresses[0])
                    #expect(!plan.applied)
                    #expect(plan.repairs.map(\.kind) == [.assignUncoveredSlots])
                }
                try await assertUnchanged(before)
                #expect(try await keys.missing(on: addresses[0]).count == keys.values.count)
                let dry = try await TribProcess.run(["--dry-run", "fix", addresses[1].description])
                #expect(dry.status == 0, "\(dry.err)")
                #expect(dry.out.hasPrefix("[PLAN] 1. slot(s) 100-101 have no owner"), "\(dry.out)")
                #expect(dry.out.hasSuffix("[DRY RUN] 1 repair planned, nothing changed\n"), "\(dry.out)")
                try await assertUnchanged(before)
            }
        }
    }

    @Test("the binary: fix prints its plan and exits 0, check then exits 0, and a second fix in JSON has nothing to do")
    func throughTheBinary() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let a = addresses[0]
            try await withCluster(servers) { _ in
                let keys = SlotKeys(slots: SlotSet(100...101), perSlot: 5)
                try await keys.write(to: a)
                try await deleteSlots(["100", "101"], on: addresses)
                let broken = try await TribProcess.run(["check", a.description])
                #expect(broken.status == 1)
                let fix = try await TribProcess.run(["fix", a.description])
                #expect(fix.status == 0, "\(fix.err)")
                let lines = fix.out.split(separator: "\n")
                let aName = Disagreement.NodeReference(id: try #require(try await ownView(a)?.id), address: a)
                #expect(
                    lines.first == "[PLAN] 1. slot(s) 100-101 have no owner: \(aName) holds 10 key(s) of them and takes them (ADDSLOTS, then BUMPEPOCH)",
                    "\(fix.out)")
                #expect(lines.last == "[OK] 1 repair made", "\(fix.out)")
                // The plan is printed once, before the work; the result adds the summary.
                #expect(lines.count == 2, "\(fix.out)")
                let check = try await TribProcess.run(["check", a.description])
                #expect(check.status == 0, "\(check.out)")
                #expect(try await keys.missing(on: a) == [])
                let json = try await TribProcess.run(["--json", "fix", a.description])
                #expect(json.status == 0, "\(json.err)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
                #expect(object["command"] as? String == "fix")
                #expect(object["applied"] as? Bool == true)
                #expect((object["repairs"] as? [Any])?.isEmpty == true)
                #expect(object["summary"] as? String == "[OK] nothing to fix")
            }
        }
    }

    @Test("a replica with a marker its master does not have: check names it, fix plans it, both servers refuse SETSLOT on a replica and fix says so")
    func replicaMarker() async throws {
        let launcher = try LocalServerLauncher()
        var servers = try await launcher.start(count: 4)
        do {
            let addresses = servers.map(\.address)
            let (a, b, replica) = (addresses[0], addresses[1], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(Array(addresses[0..<3]))
                try await trib.replicate(master: a, replica: replica)
                let keys = SlotKeys(slots: SlotSet(100...101), perSlot: 10)
                try await keys.write(to: a)
                #expect(try await pollUntil { try await totalKeys([replica]) == keys.values.count })
                let bID = try #require(try await ownView(b)?.id)
                let replicaID = try #require(try await ownView(replica)?.id)
                // The replica's own line gets a MIGRATING marker its master does not have, as a
                // stale state leaves it (valkey-io/valkey#1664), by its nodes.conf while it is stopped.
                await servers[3].stop()
                let path = servers[3].directory + "/nodes.conf"
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let edited = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.contains("myself") ? line + " [100->-\(bID)]" : String(line)
                }.joined(separator: "\n")
                try edited.write(toFile: path, atomically: true, encoding: .utf8)
                servers[3] = try await launcher.restart(servers[3])
                #expect(try await pollUntil { try await ownView(replica)?.migrating[try HashSlot(100)] == bID })
                #expect(try await pollUntil { try await totalKeys([replica]) == keys.values.count })

                let report = try await trib.check(a)
                #expect(report.findings.contains { $0.kind == .loneMigrating && $0.nodes.first?.id == replicaID }, "\(report.findings)")
                let plan = try await trib.fix(a)
                #expect(plan.repairs.map(\.kind) == [.clearReplicaMarker], "\(plan.repairs)")
                #expect(plan.repairs.first?.nodes.map(\.id).first == replicaID)
                #expect(plan.leftUndone.count == 1)
                #expect(plan.leftUndone.first?.contains("refused CLUSTER SETSLOT STABLE") == true, "\(plan.leftUndone)")
                #expect(try await keys.missing(on: a) == [])
                #expect(try await totalKeys(Array(addresses[0..<3])) == keys.values.count)
                let binary = try await TribProcess.run(["fix", a.description])
                #expect(binary.status == 1, "\(binary.out)")
                #expect(binary.out.hasSuffix("[ERR] 1 repair planned, 1 left undone\n"), "\(binary.out)")
            }
            await launcher.stop(servers)
        } catch {
            await launcher.stop(servers)
            throw error
        }
    }

    // MARK: Helpers

    /// `CLUSTER DELSLOTSRANGE` of each pair of bounds on every node, the owner first: no view assigns them after.
    private func deleteSlots(_ bounds: [String], on addresses: [NodeAddress]) async throws {
        for address in addresses {
            try await withConnection(to: address) { connection in
                try await connection.send(RedisCommand(["CLUSTER", "DELSLOTSRANGE"] + bounds))
            }
        }
    }

    /// Writes `keys` of `slot` on `node`, which does not own it: it imports the slot from its owner
    /// for a moment, takes the keys by `ASKING`, and closes it again.
    private func writeStray(_ keys: SlotKeys, on node: NodeAddress, slot: HashSlot, ownerID: String) async throws {
        try await withConnection(to: node) { connection in
            try await connection.send("CLUSTER", "SETSLOT", String(slot.rawValue), "IMPORTING", ownerID)
            for (key, value) in keys.values {
                let replies = try await connection.pipeline([
                    RedisCommand("ASKING"), RedisCommand(arguments: [ByteBuffer(string: "SET"), key, value]),
                ])
                #expect(replies.allSatisfy { $0.string == "OK" }, "\(replies)")
            }
            try await connection.send("CLUSTER", "SETSLOT", String(slot.rawValue), "STABLE")
        }
    }

    /// After a fix: every key on `owner` with its value, as many keys in all as before, `check`
    /// without an error, and nothing for a second `fix`.
    private func assertRepaired(
        _ addresses: [NodeAddress], keys: SlotKeys, on owner: NodeAddress, total: Int, trib: ClusterOperator,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(try await keys.missing(on: owner) == [], sourceLocation: sourceLocation)
        #expect(try await totalKeys(addresses) == total, sourceLocation: sourceLocation)
        let report = try await trib.check(owner)
        #expect(report.isHealthy, "\(report.findings)", sourceLocation: sourceLocation)
        let again = try await trib.fix(owner)
        #expect(again.isEmpty, "\(again.repairs)", sourceLocation: sourceLocation)
    }
}
