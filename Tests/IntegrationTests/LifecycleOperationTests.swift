import NIOCore
import RESP
import RedisTrib
import Synchronization
import Testing
import TribCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operations that make, grow, shrink and dissolve a cluster, against real servers
/// (`$REDIS_TRIB_SERVER`). Each refusal is checked to leave every node as it was.
@Suite("Cluster lifecycle operations on real servers", .serialized)
struct LifecycleOperationTests {
    // MARK: start

    @Test("start: one node takes all 16384 slots, at most maxSlots per ADDSLOTS", arguments: [nil, 1000] as [Int?])
    func startOneNode(maxSlots: Int?) async throws {
        try await withLocalServers(1) { servers in
            let node = servers[0].address
            let addSlotsSizes = Mutex<[Int]>([])
            var options = OperationOptions(waitTimeout: 30)
            options.connection.logger = CommandLogHandler.logger { command in
                guard command.name == "CLUSTER", command.subcommand == "ADDSLOTS" else { return }
                addSlotsSizes.withLock { $0.append(command.words.count - 2) }
            }
            try await withOperator(options) { trib in
                try await trib.start(node, maxSlots: maxSlots)
                let cluster = try await assertClusterHealthy([node], expectedMasters: 1)
                #expect(cluster.slots(of: node) == SlotSet.all)
                let sizes = addSlotsSizes.withLock { $0 }
                #expect(sizes.reduce(0, +) == HashSlot.count)
                #expect(sizes.count == (maxSlots.map { (HashSlot.count + $0 - 1) / $0 } ?? 1), "ADDSLOTS sizes \(sizes)")
                #expect(sizes.allSatisfy { $0 <= maxSlots ?? HashSlot.count })

                let before = try await waitUntilSettled([node])
                let again = await #expect(throws: TribError.self) { try await trib.start(node) }
                #expect(again?.code == .preconditionFailed)
                #expect(again?.message.contains("\(node) already serves slots 0-16383") == true)
                try await assertUnchanged(before)
            }
        }
    }

    @Test("start refuses a node already in a cluster, with keys, not cluster-enabled, or not listening")
    func startRefusals() async throws {
        try await withLocalServers(3, extraArguments: ["--enable-debug-command", "yes"]) { servers in
            let (inCluster, peer, withKeys) = (servers[0].address, servers[1].address, servers[2].address)
            try await withConnection(to: inCluster) { connection in
                try await connection.send("CLUSTER", "MEET", peer.host, String(peer.port))
            }
            try await withConnection(to: withKeys) { connection in
                try await connection.send("DEBUG", "POPULATE", "10")
                let keys = try await connection.send("DBSIZE")
                #expect(keys.int == 10)
            }
            let before = try await waitUntilSettled([inCluster, peer]) + readConfigurations([withKeys])
            await withOperator(.testing) { trib in
                let alreadyMember = await #expect(throws: TribError.self) { try await trib.start(inCluster) }
                #expect(alreadyMember?.code == .preconditionFailed)
                #expect(alreadyMember?.node == inCluster)
                #expect(alreadyMember?.message.contains("\(inCluster) already belongs to a cluster (2 known nodes)") == true)

                let notEmpty = await #expect(throws: TribError.self) { try await trib.start(withKeys) }
                #expect(notEmpty?.code == .preconditionFailed)
                #expect(notEmpty?.node == withKeys)
                #expect(notEmpty?.message.contains("\(withKeys) is not empty (10 keys)") == true)
            }
            try await assertUnchanged(before)
        }
        try await withLocalServers(1, extraArguments: ["--cluster-enabled", "no"]) { servers in
            let plain = servers[0].address
            let before = try await readConfigurations([plain])
            await withOperator(.testing) { trib in
                let error = await #expect(throws: TribError.self) { try await trib.start(plain) }
                #expect(error?.code == .preconditionFailed)
                #expect(error?.node == plain)
                #expect(error?.message.contains("\(plain) is not cluster-enabled") == true)
            }
            try await assertUnchanged(before)
        }
        let nowhere = try unusedLoopbackAddress()
        await withOperator(.testing) { trib in
            // Arguments are checked before any node is asked.
            let badMaxSlots = await #expect(throws: TribError.self) { try await trib.start(nowhere, maxSlots: 0) }
            #expect(badMaxSlots?.code == .invalidArgument)

            let error = await #expect(throws: TribError.self) { try await trib.start(nowhere) }
            #expect(error?.code == .nodeError)
            #expect(error?.node == nowhere)
            #expect(error?.description.contains(nowhere.description) == true)
        }
    }

    // MARK: startMulti

    @Test("startMulti: slots shared in the order given, first node takes the remainder, distinct epochs")
    func startMulti() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let order = [addresses[2], addresses[0], addresses[1]]
            let latecomer = addresses[3]
            try await withOperator(.testing) { trib in
                let before = try await readConfigurations(addresses)
                let duplicate = await #expect(throws: TribError.self) {
                    try await trib.startMulti([order[0], order[1], order[0]])
                }
                #expect(duplicate?.code == .invalidArgument)
                #expect(duplicate?.message.contains("\(order[0]) is given more than once") == true)
                try await assertUnchanged(before)

                try await trib.startMulti(order)
                let cluster = try await assertClusterHealthy(order, expectedMasters: 3)
                #expect(cluster.slots(of: order[0]) == SlotSet(0...5461))
                #expect(cluster.slots(of: order[1]) == SlotSet(5462...10922))
                #expect(cluster.slots(of: order[2]) == SlotSet(10923...16383))
                let epochs = cluster.readings.compactMap(\.myself?.configEpoch)
                #expect(Set(epochs).count == 3, "config epochs \(epochs)")

                // One member among free nodes: refused before the free node is touched.
                let settled = try await waitUntilSettled(order) + readConfigurations([latecomer])
                let member = await #expect(throws: TribError.self) { try await trib.startMulti([latecomer, order[1]]) }
                #expect(member?.code == .preconditionFailed)
                #expect(member?.node == order[1])
                #expect(member?.message.contains("already belongs to a cluster (3 known nodes)") == true)
                try await assertUnchanged(settled)
            }
        }
    }

    // MARK: join

    @Test("joinNoLoad: the new node is known by all with no slots; a member of another cluster is refused")
    func joinNoLoad() async throws {
        try await withLocalServers(5) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let (newcomer, otherCluster) = (addresses[3], addresses[4])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.joinNoLoad(cluster: masters[0], newNode: newcomer)
                let cluster = try await assertClusterHealthy(masters + [newcomer], expectedMasters: 4)
                #expect(cluster.slots(of: newcomer).isEmpty)

                let before = try await waitUntilSettled(masters + [newcomer]) + readConfigurations([otherCluster])
                let error = await #expect(throws: TribError.self) {
                    try await trib.joinNoLoad(cluster: otherCluster, newNode: newcomer)
                }
                #expect(error?.code == .preconditionFailed)
                #expect(error?.node == newcomer)
                #expect(error?.message.contains("\(newcomer) already belongs to a cluster (4 known nodes)") == true)
                try await assertUnchanged(before)
            }
        }
    }

    @Test("join: a fourth master gets a quarter of the slots, every key stays readable")
    func join() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                let keys = try await fillKeys(masters[0], count: 3000)
                try await assertKeys(keys, on: masters)
                let summary = try await trib.join(cluster: masters[1], newNode: addresses[3])
                // What join returns counts what reached the new node.
                #expect(summary.completed && summary.slots == 4096)
                #expect(summary.keys == (try await totalKeys([addresses[3]])))
                let cluster = try await assertClusterHealthy(addresses, expectedMasters: 4)
                for address in addresses {
                    #expect(cluster.slots(of: address).count == 4096, "\(address)")
                }
                try await assertKeys(keys, on: addresses)
            }
        }
    }

    // MARK: replicate

    @Test("replicate: every node sees the replica; naming a replica as master attaches to its master")
    func replicate() async throws {
        // `master` ends with two replicas and `other` with none: the servers' own replica migration
        // (Valkey 9 does it for a master that never had a replica) would move one to `other` while
        // the test reads them, so it is turned off.
        try await withLocalServers(4, extraArguments: ["--cluster-allow-replica-migration", "no"]) { servers in
            let addresses = servers.map(\.address)
            let (master, other, replica, second) = (addresses[0], addresses[1], addresses[2], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti([master, other])
                try await trib.replicate(master: master, replica: replica)
                var cluster = try await assertClusterHealthy([master, other, replica], expectedMasters: 2)
                #expect(cluster.master(of: replica) == master)

                try await trib.replicate(master: replica, replica: second)
                cluster = try await assertClusterHealthy(addresses, expectedMasters: 2)
                #expect(cluster.replicas == [replica, second])
                #expect(cluster.master(of: second) == master)
                for reading in cluster.readings {
                    let seen = reading.topology.node(id: cluster.id(of: second) ?? "")
                    #expect(seen?.isReplica == true && seen?.masterID == cluster.id(of: master), "in the view of \(reading.address)")
                }

                let before = try await waitUntilSettled(addresses)
                let error = await #expect(throws: TribError.self) { try await trib.replicate(master: master, replica: other) }
                #expect(error?.code == .preconditionFailed)
                #expect(error?.node == other)
                try await assertUnchanged(before)
            }
            for address in [replica, second] {
                try await withConnection(to: address) { connection in
                    let info = infoFields(try await connection.send("INFO", "replication").string ?? "")
                    #expect(info["role"] == "slave", "\(address)")
                    #expect(info["master_port"] == String(master.port), "\(address)")
                }
            }
        }
    }

    // MARK: quit

    @Test("quit: a replica, then a master whose slots and keys go evenly to the others; each is reset and forgotten")
    func quit() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let (withReplica, leaving, replica) = (masters[0], masters[2], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: withReplica, replica: replica)
                let keys = try await fillKeys(masters[0], count: 2000)
                // The replica has copied its master's keys before the reading that must not change is taken.
                let copied = try await pollUntil {
                    let (master, copy) = (try await readConfiguration(withReplica), try await readConfiguration(replica))
                    return master.keyCount == copy.keyCount
                }
                #expect(copied, "the replica did not copy its master's keys")

                let before = try await waitUntilSettled(addresses)
                let hasReplica = await #expect(throws: TribError.self) { try await trib.quit(withReplica) }
                #expect(hasReplica?.code == .preconditionFailed)
                #expect(hasReplica?.node == withReplica)
                #expect(hasReplica?.message.contains("replica(s) (\(replica))") == true)
                try await assertUnchanged(before)

                // A replica quits: forgotten and reset, its master keeps its slots.
                let replicaID = try await readNode(replica).id
                #expect(try await trib.quit(replica).slots == 0)
                var cluster = try await assertClusterHealthy(masters, expectedMasters: 3)
                #expect(cluster.slots(of: withReplica) == SlotSet(0...5461))
                let resetReplica = try await readNode(replica)
                #expect(resetReplica.info["cluster_known_nodes"] == "1")
                #expect(resetReplica.myself?.isMaster == true && resetReplica.id != replicaID)

                let leavingID = try await readNode(leaving).id
                let (leavingSlots, leavingKeys) = (try await readNode(leaving).myself?.slots.count, try await totalKeys([leaving]))
                try await showingViews(of: addresses) {
                    // What quit returns counts what left the node.
                    let summary = try await trib.quit(leaving)
                    #expect(summary.slots == leavingSlots && summary.keys == leavingKeys)
                }
                let stay = [masters[0], masters[1]]
                cluster = try await assertClusterHealthy(stay, expectedMasters: 2)
                #expect(cluster.slots(of: masters[0]).count == 8192)
                #expect(cluster.slots(of: masters[1]).count == 8192)
                for reading in cluster.readings {
                    #expect(reading.topology.node(id: leavingID) == nil, "\(reading.address) still knows the node that quit")
                    #expect(reading.topology.node(id: replicaID) == nil, "\(reading.address) still knows the replica that quit")
                }
                try await assertKeys(keys, on: stay)
                let reset = try await readNode(leaving)
                #expect(reset.info["cluster_known_nodes"] == "1")
                #expect(reset.myself?.slots.isEmpty == true)
                #expect(reset.id != leavingID, "CLUSTER RESET HARD gives a new ID")

                // The reset node is free again: a cluster of one, whose last node cannot quit.
                try await trib.start(leaving)
                let solo = try await waitUntilSettled([leaving])
                let last = await #expect(throws: TribError.self) { try await trib.quit(leaving) }
                #expect(last?.code == .preconditionFailed)
                #expect(last?.message.contains("\(leaving) is the last node of its cluster") == true)
                try await assertUnchanged(solo)
            }
        }
    }

    // MARK: shutdown

    @Test("shutdown: refused with another node or with keys; dissolves an empty cluster of one")
    func shutdown() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            let (first, second, solo) = (addresses[0], addresses[1], addresses[2])
            try await withOperator(.testing) { trib in
                try await trib.startMulti([first, second])
                try await trib.start(solo)
                try await fillKeys(solo, count: 100)

                let before = try await waitUntilSettled([first, second]) + readConfigurations([solo])
                let notLast = await #expect(throws: TribError.self) { try await trib.shutdown(first) }
                #expect(notLast?.code == .preconditionFailed)
                #expect(notLast?.node == first)
                #expect(notLast?.message.contains("\(first) is not the last node of its cluster (1 other: \(second))") == true)

                let withKeys = await #expect(throws: TribError.self) { try await trib.shutdown(solo) }
                #expect(withKeys?.code == .preconditionFailed)
                #expect(withKeys?.message.contains("\(solo) still holds 100 keys") == true)
                try await assertUnchanged(before)

                try await withConnection(to: solo) { connection in
                    try await connection.send("FLUSHALL")
                }
                try await trib.shutdown(solo)
                let reset = try await readNode(solo)
                #expect(reset.info["cluster_known_nodes"] == "1")
                #expect(reset.info["cluster_slots_assigned"] == "0")
                #expect(reset.myself?.slots.isEmpty == true)
            }
        }
    }

    // MARK: rescue

    @Test("rescue: a free node takes the slots of a dead master; refused while every slot is served")
    func rescue() async throws {
        try await withLocalServers(4, extraArguments: ["--cluster-node-timeout", "1000"]) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let (dying, free) = (servers[2], addresses[3])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                let before = try await waitUntilSettled(masters) + readConfigurations([free])
                let served = await #expect(throws: TribError.self) { try await trib.rescue(cluster: masters[0], freeNode: free) }
                #expect(served?.code == .preconditionFailed)
                #expect(served?.message.contains("every slot") == true)
                try await assertUnchanged(before)

                let dead = try await readNode(dying.address)
                dying.signal(SIGKILL)
                let flagged = try await pollUntil {
                    for address in masters.prefix(2) {
                        let reading = try await readNode(address)
                        if reading.topology.node(id: dead.id)?.flags.contains(.failed) != true { return false }
                    }
                    return true
                }
                try #require(flagged, "the live masters did not flag \(dying.address) fail")

                try await showingViews(of: [masters[0], masters[1], free]) {
                    try await trib.rescue(cluster: masters[0], freeNode: free)
                }
                let cluster = try await assertClusterHealthy([masters[0], masters[1], free], expectedMasters: 3, failed: [dead.id])
                #expect(cluster.slots(of: free) == dead.myself?.slots)
                #expect(cluster.slots(of: free) == SlotSet(10923...16383))
                // The free node's short node timeout for the wait is put back.
                try await WaitSettings.expectRestored([masters[0], masters[1], free], nodeTimeout: "1000")
            }
        }
    }

    // MARK: connections

    @Test("an operator opens a new connection to a node that dropped the old one")
    func reconnectsAfterDroppedConnection() async throws {
        try await withLocalServers(1) { servers in
            let node = servers[0].address
            try await withOperator(.testing) { trib in
                try await trib.start(node)
                try await withConnection(to: node) { connection in
                    // Every client but this one: the operator's pooled connection goes.
                    let killed = try await connection.send("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
                    #expect((killed.int ?? 0) >= 1)
                }
                let (nodes, myself) = try await trib.listNodes(node)
                #expect(nodes.count == 1 && myself.slots == SlotSet.all)
            }
        }
    }

    // MARK: inspect

    @Test("listNodes and listMasters: every node with its role, and the node asked")
    func listNodes() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let replica = addresses[3]
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: masters[0], replica: replica)
                let masterID = try await readNode(masters[0]).id

                let (nodes, myself) = try await trib.listNodes(masters[1])
                #expect(Set(nodes.compactMap(\.address)) == Set(addresses))
                #expect(nodes.count == 4)
                #expect(nodes.filter(\.isMaster).count == 3)
                #expect(myself.address == masters[1] && myself.isMyself && myself.isMaster)
                let listedReplica = nodes.first { $0.address == replica }
                #expect(listedReplica?.isReplica == true && listedReplica?.masterID == masterID)

                let (listedMasters, me) = try await trib.listMasters(replica)
                #expect(Set(listedMasters.compactMap(\.address)) == Set(masters))
                #expect(me.address == replica && me.isReplica)
            }
        }
    }

    @Test("execute: one reply per selected node; a failing command gives per-node errors")
    func execute() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses[0..<3])
            let replica = addresses[3]
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: masters[0], replica: replica)
                let expected: [(NodeSelection, [NodeAddress])] = [(.all, addresses), (.masters, masters), (.replicas, [replica])]
                for (selection, selected) in expected {
                    let replies = try await trib.execute(cluster: masters[1], on: selection, command: RedisCommand("PING"))
                    #expect(replies.map(\.node.address) == selected.sorted().map(Optional.some), "\(selection)")
                    let answers = replies.map { try? $0.result.get().string }
                    #expect(answers.allSatisfy { $0 == "PONG" }, "\(selection): \(answers)")
                }

                let failing = try await trib.execute(cluster: masters[0], command: RedisCommand("NO-SUCH-COMMAND"))
                #expect(failing.count == 4)
                for reply in failing {
                    guard case .failure(let error) = reply.result else {
                        Issue.record("\(reply.node.address?.description ?? reply.node.id) answered an unknown command")
                        continue
                    }
                    #expect(error.code == .nodeError)
                    #expect(error.node == reply.node.address)
                    #expect(error.message.contains("unknown command"))
                }

                // A key read on every master: its owner answers, the others redirect.
                let owner = try await readNode(masters[0]).topology.owner(of: HashSlot.forKey("some-key"))
                let gets = try await trib.execute(cluster: masters[0], on: .masters, command: RedisCommand("GET", "some-key"))
                #expect(gets.count == 3)
                for reply in gets {
                    switch reply.result {
                    case .success(let value):
                        #expect(reply.node.id == owner?.id && value == .null)
                    case .failure(let error):
                        #expect(reply.node.id != owner?.id && error.message.hasPrefix("MOVED"))
                    }
                }

                let empty = await #expect(throws: TribError.self) {
                    try await trib.execute(cluster: masters[0], command: RedisCommand(arguments: []))
                }
                #expect(empty?.code == .invalidArgument)
            }
        }
    }
}

/// Runs an operation; when it throws, records what every node says before passing the error on.
private func showingViews(of addresses: [NodeAddress], _ operation: () async throws -> Void) async throws {
    do {
        try await operation()
    } catch {
        let views = try await readConfigurations(addresses)
        Issue.record("the nodes' views after \(error):\n\(views.map(\.description).joined(separator: "\n"))")
        throw error
    }
}

/// A loopback address where nothing listens: a port the kernel handed out and took back.
private func unusedLoopbackAddress() throws -> NodeAddress {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
        }
    }
    try #require(bound)
    return NodeAddress(host: "127.0.0.1", port: Int(UInt16(bigEndian: address.sin_port)))
}
