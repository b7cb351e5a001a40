import Foundation
import NIOCore
import RESP
import Testing
import TribCommands

@testable import RedisTrib

#if canImport(Glibc)
import Glibc
#endif

/// The defects of the safety issue, each tried the way it was found: every test counts the keys
/// and checks their values before and after.
@Suite("Safety: facts before markers, one operation per slot, every database", .serialized)
struct SafetyTests {
    @Test("fix never acts on a lone IMPORTING that names a node not owning the slot: the owner keeps the slot and its keys")
    func staleImportMarker() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                let slot = try HashSlot(100)
                let keys = SlotKeys(slots: SlotSet([slot]), perSlot: 2000)
                try await keys.write(to: a)
                let bID = try #require(try await ownView(b)?.id)
                try await withConnection(to: c) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", bID)
                }

                try await trib.fix(a)

                #expect(try await keys.missing(on: a).isEmpty)
                #expect(try await totalKeys([a, b, c]) == keys.values.count)
                for node in [a, b, c] {
                    let view = try #require(try await ownView(node))
                    #expect(view.openSlots.isEmpty, "\(node) still has open slots")
                }
                #expect(try await ownView(a)?.slots.contains(slot) == true)
                #expect(try await ownView(c)?.slots.contains(slot) == false)
            }
        }
    }

    @Test("a stale IMPORTING on a node that holds keys of the slot is refused, and nothing changes")
    func staleImportWithKeys() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await withCluster(servers) { trib in
                let keys = SlotKeys(slots: SlotSet([try HashSlot(100)]), perSlot: 50)
                try await keys.write(to: a)
                let bID = try #require(try await ownView(b)?.id)
                try await withConnection(to: c) { connection in
                    try await connection.send("CLUSTER", "SETSLOT", "100", "IMPORTING", bID)
                    // A key of slot 100 written on C while it imports (ASKING makes C accept it).
                    _ = try await connection.pipeline([RedisCommand("ASKING"), RedisCommand("SET", "{\(SlotKeys.tag(for: try HashSlot(100)))}stray", "x")])
                }
                let before = try await readConfigurations([a, b, c])
                let refusal = await #expect(throws: TribError.self) { try await trib.fix(a) }
                #expect(refusal?.code == .preconditionFailed)
                #expect(refusal?.message.contains("holds 1 key(s) of it") == true, "\(refusal?.message ?? "")")
                try await assertUnchanged(before)
                #expect(try await keys.missing(on: a).isEmpty)
            }
        }
    }

    @Test("two moves of one slot to two targets started together: one proceeds, the other is refused, no key lost")
    func racingMoves() async throws {
        try await withLocalServers(3) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            try await buildCluster(servers)
            let slots = try SlotSet(parsing: "100-101")
            let keys = SlotKeys(slots: slots, perSlot: 10000)
            try await keys.write(to: a)
            let options = OperationOptions(waitTimeout: 30, keysPerBatch: 100, atomic: .never)
            async let toB: TribError? = attempt(options) { try await $0.migrateSlots(from: a, to: b, slots: slots) }
            async let toC: TribError? = attempt(options) { try await $0.migrateSlots(from: a, to: c, slots: slots) }
            let outcomes = await [toB, toC]
            let refusals = outcomes.compactMap { $0 }
            #expect(refusals.count == 1, "outcomes: \(outcomes.map { $0?.description ?? "moved" })")
            for refusal in refusals {
                #expect(refusal.code == .preconditionFailed, "\(refusal)")
            }
            let owner = outcomes[0] == nil ? b : c
            #expect(try await keys.missing(on: owner).isEmpty)
            #expect(try await totalKeys([a, b, c]) == keys.values.count)
            for node in [a, b, c] {
                #expect(try await ownView(node)?.openSlots.isEmpty == true, "\(node) has open slots")
            }
        }
    }

    @Test("fix is refused while another operation holds a master's move lease, and runs once it is given back")
    func leaseBlocksFix() async throws {
        try await withLocalServers(3) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            try await withCluster(servers) { trib in
                let keys = SlotKeys(slots: SlotSet([try HashSlot(7)]), perSlot: 100)
                try await keys.write(to: a)
                let ids = (try #require(try await ownView(a)?.id), try #require(try await ownView(b)?.id))
                // An interrupted move of slot 7 from A to B, and another redis-trib holding A's lease.
                try await withConnection(to: b) { try await $0.send("CLUSTER", "SETSLOT", "7", "IMPORTING", ids.0) }
                try await withConnection(to: a) { try await $0.send("CLUSTER", "SETSLOT", "7", "MIGRATING", ids.1) }
                let lease = try await MoveLease.acquire(
                    on: a, operation: "migrate_slots", holder: "1@elsewhere#1", options: ConnectionOptions(), endpoints: EndpointBook())
                let refusal = await #expect(throws: TribError.self) { try await trib.fix(a) }
                #expect(refusal?.code == .preconditionFailed)
                #expect(refusal?.message.contains("another redis-trib operation (migrate_slots by process 1@elsewhere#1") == true, "\(refusal?.message ?? "")")
                #expect(try await ownView(a)?.migrating.isEmpty == false, "fix changed the slot while refused")
                await lease.release()

                try await trib.fix(a)
                #expect(try await keys.missing(on: b).isEmpty)
                #expect(try await totalKeys(servers.map(\.address)) == keys.values.count)
            }
        }
    }

    @Test(
        "a lease left by a process of this machine that no longer runs (its connection outlived it, cut off by the network) is dropped by the next taker; one of another machine is refused with the id to kill"
    )
    func staleLeaseOfThisMachine() async throws {
        try await withLocalServers(3) { servers in
            let a = servers[0].address
            try await withCluster(servers) { trib in
                // A pid that ran here and exited: no process has it now.
                let exited = Process()
                exited.executableURL = URL(fileURLWithPath: "/bin/true")
                try exited.run()
                exited.waitUntilExit()
                let machine = try #require(LeaseBook.machineTag)
                let stale = try await MoveLease.acquire(
                    on: a, operation: "migrate_slots", holder: "\(exited.processIdentifier)@\(LeaseBook.hostName)#\(machine).1",
                    options: ConnectionOptions(), endpoints: EndpointBook())
                // A live process of this machine, and a dead one of another machine of the same name: both refused, never dropped.
                for holder in [
                    "\(ProcessInfo.processInfo.processIdentifier)@\(LeaseBook.hostName)#\(machine).3",
                    "\(exited.processIdentifier)@\(LeaseBook.hostName)#00000000-1.4",
                ] {
                    let rival = try await MoveLease.acquire(
                        on: a, operation: "migrate_slots", holder: holder, options: ConnectionOptions(), endpoints: EndpointBook())
                    let refused = await #expect(throws: TribError.self) { try await trib.fix(a) }
                    #expect(refused?.message.contains("by process \(holder)") == true, "\(refused?.message ?? "")")
                    #expect(rival.isHeld, "a live lease was dropped")
                    await rival.release()
                }
                let foreign = try await MoveLease.acquire(
                    on: a, operation: "migrate_slots", holder: "1@elsewhere#2", options: ConnectionOptions(), endpoints: EndpointBook())
                let refusal = await #expect(throws: TribError.self) { try await trib.fix(a) }
                #expect(refusal?.message.contains("by process 1@elsewhere#2") == true, "\(refusal?.message ?? "")")
                #expect(refusal?.message.contains("CLIENT KILL ID") == true, "\(refusal?.message ?? "")")
                await foreign.release()
                // Only the dead holder's lease is left: fix drops it and runs.
                _ = try await trib.fix(a)
                #expect(try await pollUntil(timeout: .seconds(10)) { !stale.isHeld }, "the stale lease's connection was not closed")
                try await withConnection(to: a) { connection in
                    let clients = try await connection.send("CLIENT", "LIST").string ?? ""
                    #expect(!clients.contains("\(exited.processIdentifier)@"), "\(clients)")
                }
            }
        }
    }

    @Test("every database of a slot moves with it (Valkey's cluster-databases; database 0 alone on Redis)")
    func everyDatabaseMoves() async throws {
        let valkey = (ProcessInfo.processInfo.environment["REDIS_TRIB_SERVER"] ?? "").contains("valkey")
        let databases = valkey ? 4 : 1
        try await withLocalServers(3, extraArguments: valkey ? ["--cluster-databases", "4"] : []) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            try await withCluster(servers) { trib in
                let slots = try SlotSet(parsing: "5-6")
                let keys = SlotKeys(slots: slots, perSlot: 50)
                for database in 0..<databases {
                    try await writeKeys(keys, to: a, database: database)
                }
                for atomic in [AtomicMode.never, .auto] where atomic == .never || valkey {
                    let (source, target) = atomic == .never ? (a, b) : (b, a)
                    try await withOperator(OperationOptions(waitTimeout: 30, atomic: atomic)) { mover in
                        try await mover.migrateSlots(from: source, to: target, slots: slots)
                    }
                    for database in 0..<databases {
                        let counts = try await slotKeyCounts(slots, on: target, database: database)
                        #expect(counts == keys.values.count, "database \(database) on \(target) after moving \(atomic)")
                        #expect(try await slotKeyCounts(slots, on: source, database: database) == 0)
                        #expect(try await valuesMatch(keys, on: target, database: database), "values of database \(database)")
                    }
                }
            }
        }
    }

    @Test("preconditions before the first change: one node under two names, a free node given as the cluster")
    func identityRefusals() async throws {
        try await withLocalServers(2) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            let alias = NodeAddress(host: "localhost", port: a.port)
            let before = try await readConfigurations([a, b])
            await withOperator(.testing) { trib in
                let twice = await #expect(throws: TribError.self) { try await trib.startMulti([a, alias]) }
                #expect(twice?.message.contains("are the same node") == true, "\(twice?.message ?? "")")
                let joined = await #expect(throws: TribError.self) { try await trib.joinNoLoad(cluster: a, newNode: b) }
                #expect(joined?.message.contains("is a free node") == true, "\(joined?.message ?? "")")
                let loaded = await #expect(throws: TribError.self) { try await trib.join(cluster: a, newNode: b) }
                #expect(loaded?.code == .preconditionFailed)
                let replica = await #expect(throws: TribError.self) { try await trib.replicate(master: a, replica: b) }
                #expect(replica?.message.contains("is a free node") == true)
                let itself = await #expect(throws: TribError.self) { try await trib.replicate(master: a, replica: alias) }
                #expect(itself?.message.contains("are the same node") == true)
            }
            try await assertUnchanged(before)
        }
    }

    @Test("rescue leaves alone a dead master whose replica can still take over; --force takes its slots and says so")
    func rescueNeedsFacts() async throws {
        try await withLocalServers(5, extraArguments: ["--cluster-node-timeout", "1000"]) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let (dying, replica, free) = (servers[2], addresses[3], addresses[4])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: dying.address, replica: replica)
                // The replica will not fail over by itself: only rescue could take the slots.
                try await withConnection(to: replica) { try await $0.send("CONFIG", "SET", "cluster-replica-no-failover", "yes") }
                let dead = try #require(try await ownView(dying.address))
                dying.signal(SIGKILL)
                let flagged = try await pollUntil {
                    try await readNode(masters[0]).topology.node(id: dead.id)?.flags.contains(.failed) == true
                }
                try #require(flagged, "\(masters[0]) did not flag \(dying.address) fail")
                let before = try await readConfigurations([free])
                let spared = await #expect(throws: TribError.self) { try await trib.rescue(cluster: masters[0], freeNode: free) }
                #expect(spared?.message.contains("its replica \(replica) can still take over") == true, "\(spared?.message ?? "")")
                try await assertUnchanged(before)
            }
            let steps = EventLog()
            try await withOperator(OperationOptions(waitTimeout: 30, force: true, events: steps.record)) { trib in
                try await trib.rescue(cluster: masters[0], freeNode: free)
            }
            #expect(steps.steps.contains { $0.hasPrefix("--force: taking the slots of \(dying.address) although its replica") })
            #expect(try await ownView(free)?.slots == SlotSet(10923...16383))
        }
    }

    @Test("control commands do not time out behind a long MIGRATE pipeline: big values move with a short command timeout")
    func bulkTrafficDoesNotStarveControl() async throws {
        try await withLocalServers(2) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            try await buildCluster(servers)
            // 12 values of 16 MB in the first slot, small keys in the next groups of 64 slots.
            var values: [ByteBuffer: ByteBuffer] = [:]
            let tag = SlotKeys.tag(for: try HashSlot(0))
            for index in 0..<12 {
                var value = ByteBuffer(string: "big\(index)|")
                value.writeRepeatingByte(UInt8(65 + index % 26), count: 16 << 20)
                values[ByteBuffer(string: "{\(tag)}big\(index)")] = value
            }
            let big = SlotKeys(values: values)
            let small = SlotKeys(slots: try SlotSet(parsing: "1-200"), perSlot: 20)
            try await big.write(to: a)
            try await small.write(to: a)
            let options = OperationOptions(
                connection: ConnectionOptions(commandTimeout: 0.5), waitTimeout: 30, bytesPerBatch: 16 << 20, atomic: .never
            )
            try await withOperator(options) { trib in
                try await trib.migrateSlots(from: a, to: b, slots: try SlotSet(parsing: "0-200"))
            }
            #expect(try await big.missing(on: b).isEmpty)
            #expect(try await small.missing(on: b).isEmpty)
            #expect(try await totalKeys([a, b]) == big.values.count + small.values.count)
        }
    }

    @Test("a target stopped mid-move is named as the culprit, not the source waiting on it; fix finishes once it answers")
    func hungTargetIsNamed() async throws {
        try await withLocalServers(2) { servers in
            let (a, b) = (servers[0].address, servers[1].address)
            try await buildCluster(servers)
            let keys = SlotKeys(slots: SlotSet(0...299), perSlot: 100, valueSize: 64)
            try await keys.write(to: a)
            let options = OperationOptions(
                connection: ConnectionOptions(commandTimeout: 1), waitTimeout: 30, keysPerBatch: 20,
                migrateTimeoutMilliseconds: 2000, atomic: .never
            )
            // Stopped once the first keys arrive, or after 30 s if they never do (the move then fails the test).
            let stopper = Task {
                _ = try await pollUntil(interval: .milliseconds(2)) { try await totalKeys([b]) > 0 }
                servers[1].signal(SIGSTOP)
            }
            let failure = await attempt(options) { try await $0.migrateSlots(from: a, to: b, slots: SlotSet(0...299)) }
            try await stopper.value
            servers[1].signal(SIGCONT)
            let error = try #require(failure, "the move finished although its target was stopped")
            #expect(error.node == b, "blamed \(error.node.map(\.description) ?? "nobody"): \(error.message)")
            #expect(error.message.contains("does not answer"), "\(error.message)")
            #expect(error.message.contains("fix"), "\(error.message)")
            try await withOperator(.testing) { trib in
                try await trib.fix(a)
                try await trib.migrateSlots(from: a, to: b, slots: SlotSet(0...299))
            }
            #expect(try await keys.missing(on: b).isEmpty)
            #expect(try await totalKeys([a, b]) == keys.values.count)
        }
    }
}

/// Runs one operation with its own operator; returns its error, `nil` when it succeeded.
private func attempt(_ options: OperationOptions, _ body: @Sendable (ClusterOperator) async throws -> Void) async -> TribError? {
    do {
        try await withOperator(options) { try await body($0) }
        return nil
    } catch let error as TribError {
        return error
    } catch {
        return TribError(.nodeError, "\(error)")
    }
}
