import Foundation
import RESP
import Testing
import TribTestSupport

@testable import RedisTrib

@Suite("CLUSTER NODES parser: captured fixtures")
struct ClusterNodesParserFixtureTests {
    @Test("every fixture parses, with one myself and unique 40-character IDs")
    func everyFixtureParses() throws {
        let names = try ClusterNodesFixture.allNames()
        #expect(names.count >= 30)
        for name in names {
            let topology = try ClusterNodesFixture.topology(name)
            #expect(!topology.nodes.isEmpty, "\(name)")
            #expect(topology.nodes.filter(\.isMyself).count == 1, "\(name)")
            #expect(Set(topology.nodes.map(\.id)).count == topology.nodes.count, "\(name)")
            #expect(topology.nodes.allSatisfy { $0.id.utf8.count == 40 }, "\(name)")
            let nonBlankLines = try ClusterNodesFixture.text(name).split(whereSeparator: \.isNewline)
                .filter { !$0.allSatisfy(\.isWhitespace) && !$0.hasPrefix("vars ") }
            #expect(topology.nodes.count == nonBlankLines.count, "\(name)")
        }
    }

    @Test("steady state: three masters, all slots, node 1 is myself", arguments: CapturedServer.all)
    func steady(server: CapturedServer) throws {
        let topology = try server.topology("steady")
        #expect(topology.nodes.count == 3)
        #expect(topology.masters.count == 3)
        #expect(topology.replicas.isEmpty)
        let expectedSlots = [1: 0...5460, 2: 5461...10922, 3: 10923...16383]
        for (number, slots) in expectedSlots {
            let node = try server.node(number, in: topology)
            #expect(node.slots == SlotSet(slots))
            #expect(node.configEpoch == UInt64(number))
            #expect(node.busPort == server.busPort(ofNode: number))
            #expect(node.role == .master)
            #expect(node.masterID == nil)
            #expect(node.hostname == nil)
            #expect(node.auxiliaryFields.isEmpty)
            #expect(node.linkState == .connected)
            #expect(node.pingSent == 0)
            #expect(!node.isMigrating && !node.isFailed)
        }
        let myself = try #require(topology.myself)
        #expect(myself.address == server.address(ofNode: 1))
        #expect(myself.flags == [.myself, .master])
        #expect(topology.coversAllSlots)
        #expect(topology.openSlots.isEmpty)
    }

    @Test("migration seen from the source: [100->-node2] and [16383-<-node3]", arguments: CapturedServer.all)
    func migratingSource(server: CapturedServer) throws {
        let topology = try server.topology("migrating-source")
        let myself = try #require(topology.myself)
        let node2 = try server.node(2, in: topology)
        let node3 = try server.node(3, in: topology)
        #expect(myself.address == server.address(ofNode: 1))
        #expect(myself.migrating == [try HashSlot(100): node2.id])
        #expect(myself.importing == [try HashSlot(16383): node3.id])
        #expect(myself.slots == SlotSet(0...5460))
        #expect(myself.isMigrating)
        #expect(myself.openSlots.description == "100 16383")
        // Only the myself line carries open slots.
        #expect(!node2.isMigrating && !node3.isMigrating)
        #expect(node3.slots.contains(try HashSlot(16383)))
        #expect(topology.openSlots.description == "100 16383")
        #expect(topology.coversAllSlots)
    }

    @Test("migration seen from the target: [100-<-node1]", arguments: CapturedServer.all)
    func migratingTarget(server: CapturedServer) throws {
        let topology = try server.topology("migrating-target")
        let myself = try #require(topology.myself)
        let node1 = try server.node(1, in: topology)
        #expect(myself.address == server.address(ofNode: 2))
        #expect(myself.importing == [try HashSlot(100): node1.id])
        #expect(myself.migrating.isEmpty)
        #expect(myself.slots == SlotSet(5461...10922))
        #expect(topology.owner(of: try HashSlot(100))?.id == node1.id)
    }

    @Test("migration seen from the other source: [16383->-node1]", arguments: CapturedServer.all)
    func migratingOtherSource(server: CapturedServer) throws {
        let topology = try server.topology("migrating-other-source")
        let myself = try #require(topology.myself)
        let node1 = try server.node(1, in: topology)
        #expect(myself.address == server.address(ofNode: 3))
        #expect(myself.migrating == [try HashSlot(16383): node1.id])
        #expect(myself.importing.isEmpty)
        #expect(myself.slots == SlotSet(10923...16383))
    }

    @Test("a node in handshake has no role, no epoch and no slots", arguments: CapturedServer.all)
    func handshake(server: CapturedServer) throws {
        let topology = try server.topology("handshake")
        #expect(topology.nodes.count == 4)
        let node = try server.node(9, in: topology)
        #expect(node.flags == [.handshake])
        #expect(node.isInHandshake)
        #expect(node.role == nil)
        #expect(!node.isMaster && !node.isReplica)
        #expect(node.masterID == nil)
        #expect(node.configEpoch == 0 && node.pingSent == 0 && node.pongReceived == 0)
        #expect(node.slots.isEmpty)
        #expect(node.busPort == server.busPort(ofNode: 9))
        #expect(topology.masters.count == 3)
    }

    @Test("announced hostnames follow the bus port", arguments: CapturedServer.all)
    func hostnames(server: CapturedServer) throws {
        let topology = try server.topology("hostnames")
        for number in 1...3 {
            let node = try server.node(number, in: topology)
            #expect(node.hostname == "node-\(number).cluster.test")
            #expect(node.busPort == server.busPort(ofNode: number))
            #expect(node.auxiliaryFields.isEmpty)
        }
        let handshake = try server.node(9, in: topology)
        #expect(handshake.hostname == nil)
        #expect(handshake.linkState == .disconnected)
    }

    @Test("nodes.conf: Valkey writes aux fields after an empty hostname, Redis 7.0 does not")
    func nodesConf() throws {
        let valkey = try CapturedServer.valkey9.topology("nodes-conf")
        for node in valkey.nodes {
            #expect(node.hostname == nil)
            #expect(node.auxiliaryFields["tls-port"] == "0")
            #expect(node.auxiliaryFields["shard-id"]?.utf8.count == 40)
            #expect(node.address != nil)
        }
        let redis = try CapturedServer.redis7.topology("nodes-conf")
        #expect(redis.nodes.count == 3)
        #expect(redis.nodes.allSatisfy { $0.auxiliaryFields.isEmpty && $0.hostname == nil })
    }

    @Test("nodes.conf with hostnames and Valkey's human node name")
    func nodesConfHostnames() throws {
        let valkey = try CapturedServer.valkey9.topology("nodes-conf-hostnames")
        let myself = try #require(valkey.myself)
        #expect(myself.hostname == "node-1.cluster.test")
        #expect(myself.auxiliaryFields["nodename"] == "alpha")
        #expect(Set(myself.auxiliaryFields.keys) == ["tls-port", "nodename", "shard-id"])
        let node2 = try CapturedServer.valkey9.node(2, in: valkey)
        #expect(node2.hostname == "node-2.cluster.test")
        #expect(node2.auxiliaryFields["nodename"] == nil)
        let redis = try CapturedServer.redis7.topology("nodes-conf-hostnames")
        #expect(try CapturedServer.redis7.node(3, in: redis).hostname == "node-3.cluster.test")
    }

    @Test("a fresh node knows its port but not its IP", arguments: CapturedServer.all)
    func freshNode(server: CapturedServer) throws {
        let topology = try server.topology("fresh-node")
        let myself = try #require(topology.myself)
        #expect(topology.nodes.count == 1)
        #expect(myself.address == nil)
        #expect(myself.busPort == server.busPort(ofNode: 8))
        #expect(myself.isMaster)
        #expect(myself.configEpoch == 0)
        #expect(topology.uncoveredSlots == SlotSet.all)
    }

    @Test("a node replaced on its port loses its address but keeps its hostname", arguments: CapturedServer.all)
    func noAddress(server: CapturedServer) throws {
        let topology = try server.topology("noaddr")
        let node = try #require(topology.nodes.first { $0.flags.contains(.noAddress) })
        #expect(node.address == nil)
        #expect(node.busPort == nil)
        #expect(node.hostname == "node-3.cluster.test")
        #expect(node.isMaster)
        #expect(node.linkState == .disconnected)
        #expect(node.slots == SlotSet(10923...16383))
        #expect(node.pingSent > 0)
        if server.prefix == "valkey9" {
            #expect(node.flags == [.master, .failed, .noAddress])
        } else {
            #expect(node.flags == [.master, .noAddress])
        }
    }

    @Test("three masters with a replica each; one replica has nofailover", arguments: CapturedServer.all)
    func replicas(server: CapturedServer) throws {
        let topology = try server.topology("replicas")
        #expect(topology.nodes.count == 6)
        #expect(topology.masters.count == 3)
        #expect(topology.replicas.count == 3)
        for master in topology.masters {
            let replicas = topology.replicas(of: master.id)
            #expect(replicas.count == 1)
            #expect(replicas.first?.configEpoch == master.configEpoch)
            #expect(replicas.first?.slots.isEmpty == true)
        }
        for replica in topology.replicas {
            #expect(replica.role == .replica)
            #expect(topology.node(id: replica.masterID ?? "")?.isMaster == true)
        }
        let noFailover = try #require(topology.nodes.first { $0.flags.contains(.noFailover) })
        #expect(noFailover.flags == [.replica, .noFailover])
        #expect(noFailover.masterID == (try server.node(3, in: topology)).id)
        #expect(topology.coversAllSlots)
    }

    @Test("a killed master is fail, disconnected, and still listed with its slots", arguments: CapturedServer.all)
    func fail(server: CapturedServer) throws {
        let topology = try server.topology("fail")
        let node2 = try server.node(2, in: topology)
        #expect(node2.flags == [.master, .failed])
        #expect(node2.isFailed)
        #expect(node2.linkState == .disconnected)
        #expect(node2.pingSent > 0)
        #expect(node2.slots == SlotSet(5461...10922))
        #expect(topology.failedNodes.map(\.id) == [node2.id])
        #expect(topology.replicas(of: node2.id).count == 1)
    }

    @Test("after the failover the replica owns the slots with a new epoch", arguments: CapturedServer.all)
    func failover(server: CapturedServer) throws {
        let topology = try server.topology("failover")
        let node2 = try server.node(2, in: topology)
        #expect(node2.isFailed)
        #expect(node2.slots.isEmpty)
        let promoted = try #require(topology.owner(of: try HashSlot(5461)))
        #expect(promoted.id != node2.id)
        #expect(promoted.isMaster && promoted.masterID == nil)
        #expect(promoted.configEpoch > 3)
        #expect(promoted.slots == SlotSet(5461...10922))
        #expect(topology.coversAllSlots)
        #expect(topology.masters.count == 4)
    }

    @Test("without a majority two masters stay fail?", arguments: CapturedServer.all)
    func possiblyFailed(server: CapturedServer) throws {
        let topology = try server.topology("pfail")
        let suspected = topology.nodes.filter { $0.flags.contains(.possiblyFailed) }
        #expect(suspected.count == 2)
        #expect(suspected.allSatisfy { $0.isFailed && $0.isMaster && $0.linkState == .disconnected })
        let node2 = try server.node(2, in: topology)
        #expect(node2.flags.contains(.failed))
        #expect(try #require(topology.myself).isFailed == false)
        #expect(topology.failedNodes.count == 3)
    }

    @Test("IPv6 addresses: the last colon separates the port", arguments: CapturedServer.all)
    func ipv6(server: CapturedServer) throws {
        let topology = try server.topology("ipv6")
        for number in 1...3 {
            let address = NodeAddress(host: "::1", port: server.basePort + number)
            let node = try #require(topology.node(at: address))
            #expect(node.busPort == server.busPort(ofNode: number))
            #expect(node.address?.description == "[::1]:\(server.basePort + number)")
        }
        #expect(topology.myself?.address?.host == "::1")
    }
}

@Suite("CLUSTER NODES parser: hand-written fixtures")
struct ClusterNodesParserHandWrittenTests {
    @Test("Redis 3.x: ip:port without @cport, :0 for an unknown address")
    func redis3() throws {
        let topology = try ClusterNodesFixture.topology("handwritten-redis3")
        #expect(topology.nodes.count == 6)
        #expect(topology.nodes.allSatisfy { $0.busPort == nil })
        let myself = try #require(topology.myself)
        #expect(myself.id == "d20faae4c66666f22cf665ff7b795059e18753be")
        #expect(myself.address == nil)
        #expect(myself.slots == SlotSet(0...5460))
        let node7001 = try #require(topology.node(at: NodeAddress(host: "127.0.0.1", port: 7001)))
        #expect(node7001.id == "1d718a130c23b64071ac8bab8392046dadb07122")
        #expect(node7001.pongReceived == 1_426_238_317_239)
        #expect(topology.replicas(of: myself.id).map(\.id) == ["ea146a8dcf60d8bc58e9ad63fd0aae6d3cb35454"])
        let failedReplica = try #require(topology.node(id: "4e62d02eaebcaeae293273276e59947ea63177ff"))
        #expect(failedReplica.flags == [.replica, .failed])
        #expect(failedReplica.masterID == "92e33a291ae286827629b051b31511fb173fdb15")
        #expect(topology.coversAllSlots)
    }

    @Test("mixed slots, open slots, aux fields, noaddr, noflags, an unknown flag, blank lines")
    func edgeCases() throws {
        let topology = try ClusterNodesFixture.topology("handwritten-edge-cases")
        #expect(topology.nodes.count == 5)
        let myself = try #require(topology.myself)
        let peerID = "e784ac85815f4646961a56c645907be8e462843f"
        #expect(myself.slots.description == "0 2 4-7 5460 16383")
        #expect(myself.migrating == [try HashSlot(5460): peerID])
        #expect(myself.importing == [try HashSlot(5461): peerID])
        #expect(myself.address == NodeAddress(host: "10.0.0.1", port: 7000))

        let peer = try #require(topology.node(id: peerID))
        #expect(peer.hostname == "redis-2.example")
        #expect(peer.auxiliaryFields == ["shard-id": "c9796d71e87d10de80f439331662389f5fce555a", "availability-zone": "az-1"])
        #expect(peer.busPort == 17000)

        let noAddress = try #require(topology.node(id: "5b09f9efe2dbabdd09a81a288deb9c0db2dd1583"))
        #expect(noAddress.address == nil && noAddress.busPort == nil && noAddress.hostname == nil)
        #expect(noAddress.flags == [.master, .failed, .noAddress])
        #expect(noAddress.pingSent == 1_700_000_000_000)
        #expect(noAddress.pongReceived == 1_699_999_999_000)

        let noFlags = try #require(topology.node(id: "ae7e77b9063ad985ae5d21d295338367181bab6a"))
        #expect(noFlags.flags.isEmpty)
        #expect(noFlags.role == nil)

        let shiny = try #require(topology.node(id: "9e3c86ff26501ac1fff9b298bf37387d2844c5e0"))
        #expect(shiny.flags == [.replica, .noFailover, ClusterNode.Flag(rawValue: "shiny")])
        #expect(shiny.masterID == peerID)

        #expect(topology.uncoveredSlots == SlotSet(0...16383).subtracting(try SlotSet(parsing: "0 2 4-7 5460-10922 16383")))
        #expect(!topology.coversAllSlots)
        #expect(topology.openSlots.description == "5460-5461")
    }
}

@Suite("CLUSTER NODES parser: text handling and malformed lines")
struct ClusterNodesParserErrorTests {
    static let goodLine =
        "4750ee80fa3ce02462b8545b743da5223657711a 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460"
    static let id = "ccc6d9d0b2f3daf1c5672be010133b13c19f2f1f"

    /// A line with `field` replaced: 0 id, 1 address, 2 flags, 3 master, 4 ping, 5 pong, 6 epoch, 7 link, 8 slots.
    static func line(replacing index: Int, with text: String) -> String {
        var fields = "\(id) 127.0.0.1:7001@17001 master - 0 1700000000000 2 connected 5461-10922"
            .split(separator: " ").map(String.init)
        fields[index] = text
        return fields.joined(separator: " ")
    }

    static let malformedLines: [(line: String, code: ClusterModelError.Code, input: String)] = [
        ("\(id) 127.0.0.1:7001@17001 master - 0 0 2", .wrongFieldCount, "\(id) 127.0.0.1:7001@17001 master - 0 0 2"),
        ("garbage", .wrongFieldCount, "garbage"),
        (line(replacing: 0, with: "xyz"), .malformedNodeID, "xyz"),
        (line(replacing: 0, with: "CCC6D9D0B2F3DAF1C5672BE010133B13C19F2F1F"), .malformedNodeID, "CCC6D9D0B2F3DAF1C5672BE010133B13C19F2F1F"),
        (line(replacing: 0, with: id + "0"), .malformedNodeID, id + "0"),
        (line(replacing: 1, with: "127.0.0.1@17001"), .malformedAddress, "127.0.0.1@17001"),
        (line(replacing: 1, with: "127.0.0.1:70000@17001"), .malformedAddress, "127.0.0.1:70000@17001"),
        (line(replacing: 1, with: "127.0.0.1:7001@x"), .malformedAddress, "127.0.0.1:7001@x"),
        (line(replacing: 1, with: "127.0.0.1:-1@17001"), .malformedAddress, "127.0.0.1:-1@17001"),
        (line(replacing: 1, with: "127.0.0.1:7001@17001,host,junk"), .malformedAddress, "127.0.0.1:7001@17001,host,junk"),
        (line(replacing: 1, with: "127.0.0.1:7001@17001,host,=x"), .malformedAddress, "127.0.0.1:7001@17001,host,=x"),
        (line(replacing: 1, with: "10.0.0.1/8:7001@17001"), .malformedAddress, "10.0.0.1/8:7001@17001"),
        (line(replacing: 2, with: "master,,myself"), .malformedFlags, "master,,myself"),
        (line(replacing: 2, with: "master,"), .malformedFlags, "master,"),
        (line(replacing: 2, with: "master,slave"), .malformedFlags, "master,slave"),
        (line(replacing: 2, with: "MASTER"), .malformedFlags, "MASTER"),
        (line(replacing: 3, with: "abc"), .malformedNodeID, "abc"),
        (line(replacing: 4, with: "-1"), .malformedTimestamp, "-1"),
        (line(replacing: 5, with: "12x"), .malformedTimestamp, "12x"),
        (line(replacing: 6, with: "x"), .malformedConfigEpoch, "x"),
        (line(replacing: 6, with: "+1"), .malformedConfigEpoch, "+1"),
        (line(replacing: 6, with: "18446744073709551616"), .malformedConfigEpoch, "18446744073709551616"),
        (line(replacing: 7, with: "up"), .malformedLinkState, "up"),
        (line(replacing: 8, with: "16384"), .slotOutOfRange, "16384"),
        (line(replacing: 8, with: "7-4"), .reversedSlotRange, "7-4"),
        (line(replacing: 8, with: "a-b"), .malformedSlot, "a-b"),
        (line(replacing: 8, with: "4--7"), .malformedSlot, "4--7"),
        (line(replacing: 8, with: "[5->-]"), .malformedNodeID, ""),
        (line(replacing: 8, with: "[5-x-\(id)]"), .malformedSlotEntry, "[5-x-\(id)]"),
        (line(replacing: 8, with: "[5->-\(id)"), .malformedSlotEntry, "[5->-\(id)"),
        (line(replacing: 8, with: "[x->-\(id)]"), .malformedSlotEntry, "[x->-\(id)]"),
        (line(replacing: 8, with: "[16384->-\(id)]"), .slotOutOfRange, "[16384->-\(id)]"),
        (line(replacing: 8, with: "["), .malformedSlotEntry, "["),
    ]

    @Test("every fixture reads the same split byte by byte (\\n) as split by Characters (\\r\\n, tabs, U+2028)")
    func byteAndCharacterSplitting() throws {
        for name in try ClusterNodesFixture.allNames() {
            let text = try ClusterNodesFixture.text(name)
            let plain = try ClusterNodesParser.parse(text)
            #expect(try ClusterNodesParser.parse(text.replacingOccurrences(of: "\n", with: "\r\n")) == plain, "\(name)")
            #expect(try ClusterNodesParser.parse(text.replacingOccurrences(of: " ", with: "\t")) == plain, "\(name)")
            // A non-ASCII line separator: the Character path.
            #expect(try ClusterNodesParser.parse(text.replacingOccurrences(of: "\n", with: "\u{2028}")) == plain, "\(name)")
        }
        let error = try #require(throws: ClusterModelError.self) { try ClusterNodesParser.parse("\(Self.goodLine)\r\n\r\nnot a node\r\n") }
        #expect(error.lineNumber == 3)
    }

    @Test(
        "a malformed line throws the model error naming the field, the line and its number",
        arguments: malformedLines.indices)
    func malformedLine(index: Int) throws {
        let example = Self.malformedLines[index]
        let text = "\(Self.goodLine)\n\n\(example.line)\n"
        let error = try #require(throws: ClusterModelError.self) { try ClusterNodesParser.parse(text) }
        #expect(error.code == example.code)
        #expect(error.input == example.input)
        #expect(error.lineNumber == 3)
        #expect(error.line == example.line)
        #expect(error.description.hasPrefix("CLUSTER NODES line 3: "))
        #expect(error.description.contains("\"\(example.line)\""))
        #expect(error.message.contains("'\(example.input)'") || error.code == .wrongFieldCount)
    }

    @Test("config epochs up to 2^64 - 1 parse; beyond is a named error, not a trap")
    func hugeConfigEpochs() throws {
        let top = try ClusterNodesParser.parseNode(line: Self.line(replacing: 6, with: "18446744073709551615"))
        #expect(top.configEpoch == UInt64.max)
        let signed = try ClusterNodesParser.parseNode(line: Self.line(replacing: 6, with: "9223372036854775808"))
        #expect(signed.configEpoch == UInt64(1) << 63)
        let error = try #require(throws: ClusterModelError.self) {
            try ClusterNodesParser.parseNode(line: Self.line(replacing: 6, with: "18446744073709551616"))
        }
        #expect(error.code == .malformedConfigEpoch)
    }

    @Test("parseNode reports the line without a number")
    func parseNodeError() throws {
        let line = Self.line(replacing: 6, with: "x")
        let error = try #require(throws: ClusterModelError.self) { try ClusterNodesParser.parseNode(line: line) }
        #expect(error.lineNumber == nil)
        #expect(error.line == line)
        #expect(error.description == "'x' is not a config epoch: expected a whole number — in \"\(line)\"")
        #expect(try ClusterNodesParser.parseNode(line: Self.goodLine).isMyself)
    }

    @Test("CRLF, tabs, repeated spaces, blank lines and a missing final newline are accepted")
    func whitespace() throws {
        let second = Self.line(replacing: 2, with: "master")
        let text = "\r\n  \n\(Self.goodLine)\r\n\t\n" + second.replacingOccurrences(of: " ", with: " \t ")
        let nodes = try ClusterNodesParser.parse(text)
        #expect(nodes.map(\.id) == ["4750ee80fa3ce02462b8545b743da5223657711a", Self.id])
        #expect(try ClusterNodesParser.parse("").isEmpty)
        #expect(try ClusterNodesParser.parse("\n\n").isEmpty)
    }

    @Test("primary and replica are read as master and slave; bracketed IPv6 is accepted")
    func aliases() throws {
        let primary = try ClusterNodesParser.parseNode(line: Self.line(replacing: 2, with: "primary"))
        #expect(primary.flags == [.master])
        let replica = try ClusterNodesParser.parseNode(
            line: Self.line(replacing: 2, with: "replica").replacingOccurrences(of: " - ", with: " \(Self.id) "))
        #expect(replica.flags == [.replica] && replica.masterID == Self.id)
        let bracketed = try ClusterNodesParser.parseNode(line: Self.line(replacing: 1, with: "[fe80::1]:7001@17001"))
        #expect(bracketed.address == NodeAddress(host: "fe80::1", port: 7001))
        let noBusPort = try ClusterNodesParser.parseNode(line: Self.line(replacing: 1, with: ":0"))
        #expect(noBusPort.address == nil && noBusPort.busPort == nil)
    }

    @Test("the same slot listed twice, and a slot both owned and migrating")
    func overlappingEntries() throws {
        let node = try ClusterNodesParser.parseNode(line: Self.line(replacing: 8, with: "0-10 5 [5->-\(Self.id)] [20-<-\(Self.id)]"))
        #expect(node.slots == SlotSet(0...10))
        #expect(node.migrating == [try HashSlot(5): Self.id])
        #expect(node.importing == [try HashSlot(20): Self.id])
    }

    @Test("random garbage and mutated real lines never crash, and every error is located")
    func fuzz() throws {
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Array("0123456789abcdefz:@,-[]<>?. \n\t\r{}é\u{0}=")
        let realText =
            try ClusterNodesFixture.text("redis7-migrating-source")
            + ClusterNodesFixture.text("valkey9-nodes-conf-hostnames")
        let realLines = realText.split(whereSeparator: \.isNewline).map(Array.init)
        for round in 0..<4000 {
            let text: String
            if round % 2 == 0 {
                let length = Int.random(in: 0..<200, using: &random)
                text = String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? " " })
            } else {
                var characters = realLines.randomElement(using: &random) ?? []
                for _ in 0..<Int.random(in: 1...4, using: &random) where !characters.isEmpty {
                    let position = Int.random(in: 0..<characters.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: characters.remove(at: position)
                    case 1: characters[position] = alphabet.randomElement(using: &random) ?? " "
                    default: characters.insert(alphabet.randomElement(using: &random) ?? " ", at: position)
                    }
                }
                text = String(characters)
            }
            do {
                let nodes = try ClusterNodesParser.parse(text)
                #expect(nodes.allSatisfy { $0.id.utf8.count == 40 })
            } catch {
                #expect(error.lineNumber != nil && error.line != nil, "\(text.debugDescription)")
            }
        }
    }
}
