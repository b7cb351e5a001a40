import RESP
import Testing

@testable import RedisTrib

@Suite("LayoutPlanner")
struct LayoutPlannerTests {
    /// Node `port` on `host`, in `zone`.
    static func node(_ host: String, _ port: Int, zone: String? = nil) -> LayoutNode {
        LayoutNode(address: NodeAddress(host: host, port: port), host: host, zone: zone)
    }

    /// The layout's replicas each with its master.
    static func pairs(_ layout: ClusterLayout) -> [(master: LayoutNode, replica: LayoutNode)] {
        layout.shards.flatMap { shard in shard.replicas.map { (shard.master, $0) } }
    }

    /// Every node given appears once, the slots are shared as start_multi shares them.
    static func expectWhole(_ layout: ClusterLayout, of nodes: [LayoutNode]) {
        let placed = layout.shards.flatMap { [$0.master] + $0.replicas }
        #expect(Set(placed) == Set(nodes))
        #expect(placed.count == nodes.count)
        var covered = SlotSet()
        for shard in layout.shards {
            #expect(covered.intersection(shard.slots).isEmpty)
            covered.formUnion(shard.slots)
        }
        #expect(covered.count == HashSlot.count)
        #expect(!layout.applied)
    }

    @Test("3 hosts, 2 nodes each, 1 replica: masters on 3 hosts, no replica on its master's host, no warning")
    func threeHosts() throws {
        let nodes = (0..<6).map { Self.node("127.0.0.\($0 % 3 + 1)", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        Self.expectWhole(layout, of: nodes)
        #expect(Set(layout.shards.map(\.master.host)).count == 3)
        for (master, replica) in Self.pairs(layout) {
            #expect(master.host != replica.host)
        }
        #expect(layout.warnings.isEmpty)
        #expect(layout.shards.map(\.slots.count) == [5462, 5461, 5461])
    }

    @Test("nodes given host by host (all of 127.0.0.1 first): the masters are still spread over the hosts")
    func groupedInput() throws {
        let nodes = ["127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"].enumerated().map { Self.node($1, 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        #expect(layout.shards.map(\.master.address.port) == [7000, 7002, 7004])
        for (master, replica) in Self.pairs(layout) {
            #expect(master.host != replica.host)
        }
        #expect(layout.warnings.isEmpty)
    }

    @Test("one replica left for the last master on its own host is exchanged: a ring of three hosts has no warning")
    func exchange() throws {
        // Masters take A, B, C; the replicas left are on A, B, C; a greedy first pick would leave C's own node to C.
        let nodes =
            [Self.node("10.0.0.1", 1), Self.node("10.0.0.2", 2), Self.node("10.0.0.3", 3)]
            + [Self.node("10.0.0.1", 4), Self.node("10.0.0.2", 5), Self.node("10.0.0.3", 6)]
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        for (master, replica) in Self.pairs(layout) {
            #expect(master.host != replica.host)
        }
        #expect(layout.warnings.isEmpty)
    }

    @Test("2 replicas per master over 3 hosts: each replica off its master's host, a master's two replicas on two hosts")
    func twoReplicas() throws {
        let nodes = (0..<9).map { Self.node("127.0.0.\($0 % 3 + 1)", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 2)
        Self.expectWhole(layout, of: nodes)
        for shard in layout.shards {
            #expect(shard.replicas.count == 2)
            #expect(!shard.replicas.contains { $0.host == shard.master.host })
            #expect(Set(shard.replicas.map(\.host)).count == 2)
        }
        #expect(layout.warnings.isEmpty)
    }

    @Test("all on one host: the layout is made, with a replica-on-master-host warning for every replica")
    func oneHost() throws {
        let nodes = (0..<6).map { Self.node("127.0.0.1", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        Self.expectWhole(layout, of: nodes)
        #expect(layout.shards.map(\.master.address.port) == [7000, 7001, 7002])
        #expect(layout.shards.map { $0.replicas.map(\.address.port) } == [[7003], [7004], [7005]])
        #expect(layout.warnings.map(\.kind) == Array(repeating: .replicaOnMasterHost, count: 3))
        #expect(layout.warnings[0].message == "127.0.0.1:7003 replicates 127.0.0.1:7000 on the same host (127.0.0.1)")
    }

    @Test("4 nodes on one host and 2 on others: only the unavoidable warning (4 nodes of A in 3 pairs)")
    func unevenHosts() throws {
        let hosts = ["A", "A", "A", "A", "B", "C"]
        let nodes = hosts.enumerated().map { Self.node($1, 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        Self.expectWhole(layout, of: nodes)
        #expect(layout.warnings.count == 1)
        #expect(layout.warnings.first?.kind == .replicaOnMasterHost)
        #expect(layout.warnings.first?.place == "A")
    }

    @Test("two hosts, 2 replicas per master: replicas off their master's host, but a master's two replicas share the other host")
    func siblingsShareHost() throws {
        let nodes = (0..<6).map { Self.node($0 % 2 == 0 ? "A" : "B", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 2)
        Self.expectWhole(layout, of: nodes)
        #expect(layout.shards.count == 2)
        for (master, replica) in Self.pairs(layout) {
            #expect(master.host != replica.host)
        }
        #expect(layout.warnings.map(\.kind) == [.replicasShareHost, .replicasShareHost])
        #expect(layout.warnings.allSatisfy { $0.replicas.count == 2 })
    }

    @Test("nodes beyond masters × (N + 1) are extra replicas of the masters with fewest: 7 nodes, 1 replica -> 3 masters, 4 replicas")
    func extraReplicas() throws {
        let nodes = (0..<7).map { Self.node("127.0.0.\($0 % 3 + 1)", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        Self.expectWhole(layout, of: nodes)
        #expect(layout.shards.count == 3)
        #expect(layout.shards.map(\.replicas.count).sorted() == [1, 1, 2])
        for (master, replica) in Self.pairs(layout) {
            #expect(master.host != replica.host)
        }
    }

    @Test("zones: on one host per zone-mate, masters are spread over zones and each replica is in another zone than its master")
    func zones() throws {
        // Six hosts, two per zone; zones a, b, c.
        let nodes = (0..<6).map { Self.node("10.0.0.\($0 + 1)", 7000 + $0, zone: ["a", "a", "b", "b", "c", "c"][$0]) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        Self.expectWhole(layout, of: nodes)
        #expect(Set(layout.shards.compactMap(\.master.zone)) == ["a", "b", "c"])
        for (master, replica) in Self.pairs(layout) {
            #expect(master.zone != replica.zone)
        }
        #expect(layout.warnings.isEmpty)
    }

    @Test("one host reporting three zones (nodes given zone by zone): masters in three zones, replicas in other zones")
    func zonesOnOneHost() throws {
        let nodes = (0..<6).map { Self.node("127.0.0.1", 7000 + $0, zone: ["a", "a", "b", "b", "c", "c"][$0]) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        #expect(layout.shards.compactMap(\.master.zone) == ["a", "b", "c"])
        for (master, replica) in Self.pairs(layout) {
            #expect(master.zone != replica.zone)
        }
        #expect(layout.warnings.map(\.kind) == Array(repeating: .replicaOnMasterHost, count: 3))
    }

    @Test("zones that cannot be avoided are warned about: two zones, two replicas per master")
    func zoneWarning() throws {
        let nodes = (0..<6).map { Self.node("10.0.0.\($0 + 1)", 7000 + $0, zone: $0 % 2 == 0 ? "a" : "b") }
        let layout = try LayoutPlanner.plan(nodes, replicas: 2)
        Self.expectWhole(layout, of: nodes)
        #expect(layout.warnings.allSatisfy { $0.kind == .replicaInMasterZone || $0.kind == .replicasShareZone })
        #expect(!layout.warnings.isEmpty)
        #expect(!layout.warnings.contains { $0.kind == .replicaOnMasterHost })
    }

    @Test("no zones reported: nothing is said about zones")
    func noZones() throws {
        let nodes = (0..<6).map { Self.node("127.0.0.1", 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 1)
        #expect(!layout.warnings.contains { $0.kind == .replicaInMasterZone || $0.kind == .replicasShareZone })
    }

    @Test("too few nodes for one master and its replicas, negative replicas or Int.max: an error naming the counts")
    func impossible() {
        let nodes = (0..<2).map { Self.node("127.0.0.1", 7000 + $0) }
        #expect(throws: TribError.self) { try LayoutPlanner.plan(nodes, replicas: 2) }
        #expect(throws: TribError.self) { try LayoutPlanner.plan([], replicas: 0) }
        #expect(throws: TribError.self) { try LayoutPlanner.plan(nodes, replicas: -1) }
        // A count at the edge of Int is refused, not an overflow.
        #expect(throws: TribError.self) { try LayoutPlanner.plan(nodes, replicas: Int.max) }
        do {
            _ = try LayoutPlanner.plan(nodes, replicas: 2)
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message == "2 replica(s) per master need more than 2 nodes; 2 given")
        }
    }

    @Test("0 replicas: every node a master, hosts interleaved")
    func noReplicas() throws {
        let nodes = ["A", "A", "B"].enumerated().map { Self.node($1, 7000 + $0) }
        let layout = try LayoutPlanner.plan(nodes, replicas: 0)
        #expect(layout.shards.map(\.master.address.port) == [7000, 7002, 7001])
        #expect(layout.replicaCount == 0)
        #expect(layout.warnings.isEmpty)
    }

    // MARK: Choosing a master

    static func candidate(_ master: LayoutNode, replicas: [LayoutNode]) -> LayoutPlanner.MasterCandidate {
        LayoutPlanner.MasterCandidate(master: master, id: "\(master.address.port)", replicas: replicas)
    }

    @Test("the master with the fewest replicas on another host is chosen; its own host only when nothing else is left")
    func chooseMaster() {
        let replica = Self.node("A", 9000)
        let onA = Self.candidate(Self.node("A", 7000), replicas: [])
        let busyB = Self.candidate(Self.node("B", 7001), replicas: [Self.node("C", 7100)])
        let idleC = Self.candidate(Self.node("C", 7002), replicas: [])
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [onA, busyB, idleC])?.master.address.port == 7002)
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [onA, busyB])?.master.address.port == 7001)
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [onA])?.master.address.port == 7000)
        #expect(LayoutPlanner.chooseMaster(for: replica, among: []) == nil)
    }

    @Test("ties: a master whose replicas are not on the replica's host, then another zone, then the lowest address")
    func chooseMasterTies() {
        let replica = Self.node("A", 9000, zone: "z1")
        let withReplicaOnA = Self.candidate(Self.node("B", 7000), replicas: [Self.node("A", 7100)])
        let withReplicaOnC = Self.candidate(Self.node("B", 7001), replicas: [Self.node("C", 7101)])
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [withReplicaOnA, withReplicaOnC])?.master.address.port == 7001)
        let sameZone = Self.candidate(Self.node("B", 7002, zone: "z1"), replicas: [])
        let otherZone = Self.candidate(Self.node("C", 7003, zone: "z2"), replicas: [])
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [sameZone, otherZone])?.master.address.port == 7003)
        let low = Self.candidate(Self.node("B", 7004), replicas: [])
        let high = Self.candidate(Self.node("B", 7005), replicas: [])
        #expect(LayoutPlanner.chooseMaster(for: replica, among: [high, low])?.master.address.port == 7004)
    }
}
