import RESP
import Testing

@testable import RedisTrib

@Suite("ClusterAgreement")
struct ClusterAgreementTests {
    // MARK: Agreement

    @Test("three masters seen from each of them agree", arguments: CapturedServer.all)
    func steadyAgrees(server: CapturedServer) throws {
        let steady = try server.topology("steady")
        let views = (1...3).map { Self.view(steady, from: server.address(ofNode: $0)) }
        #expect(ClusterAgreement.check(views) == nil)
    }

    @Test("masters and replicas seen from all six nodes agree", arguments: CapturedServer.all)
    func replicasAgree(server: CapturedServer) throws {
        let replicas = try server.topology("replicas")
        let views = (1...6).map { Self.view(replicas, from: server.address(ofNode: $0)) }
        #expect(ClusterAgreement.check(views) == nil)
    }

    @Test("no views, or one healthy view, agree")
    func trivialAgreement() throws {
        #expect(ClusterAgreement.check([]) == nil)
        let steady = try CapturedServer.redis7.topology("steady")
        #expect(ClusterAgreement.check([Self.view(steady, from: CapturedServer.redis7.address(ofNode: 1))]) == nil)
    }

    // MARK: Disagreement

    @Test("a slot served by another node names both views and both owners", arguments: CapturedServer.all)
    func slotOwnedDifferently(server: CapturedServer) throws {
        let steady = try server.topology("steady")
        let node1 = try server.node(1, in: steady)
        let node3 = try server.node(3, in: steady)
        var moved = steady
        try Self.move(slot: 5, from: node1.id, to: node3.id, in: &moved)
        // Nodes 1 and 3 have the old map, so node 2 is the one out of step.
        let views = [
            Self.view(steady, from: server.address(ofNode: 1)),
            Self.view(moved, from: server.address(ofNode: 2)),
            Self.view(steady, from: server.address(ofNode: 3)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(
            disagreement.differences == [
                .slotOwner(
                    viewer: server.address(ofNode: 2), slots: [try HashSlot(5)], owner: Self.reference(node3),
                    reference: server.address(ofNode: 1), referenceOwner: Self.reference(node1))
            ])
        let (address1, address2, address3) = Self.firstThreeAddresses(of: server)
        #expect(
            disagreement.description
                == "\(address2) sees slot 5 served by \(address3) (\(node3.id.prefix(8))…) "
                + "while \(address1) sees it served by \(address1) (\(node1.id.prefix(8))…)")
    }

    @Test("when the first view is the odd one out, it is the one named")
    func majorityIsTheReference() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        var moved = steady
        try Self.move(slot: 100, from: server.node(1, in: steady).id, to: server.node(2, in: steady).id, in: &moved)
        try Self.move(slot: 101, from: server.node(1, in: steady).id, to: server.node(2, in: steady).id, in: &moved)
        let views = [
            Self.view(moved, from: server.address(ofNode: 2)),
            Self.view(steady, from: server.address(ofNode: 1)),
            Self.view(steady, from: server.address(ofNode: 3)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(disagreement.differences.map(\.viewer) == [server.address(ofNode: 2)])
        #expect(disagreement.description.hasPrefix("127.0.0.1:31102 sees slots 100-101 served by 127.0.0.1:31102 ("))
        #expect(disagreement.description.contains("while 127.0.0.1:31101 sees them served by 127.0.0.1:31101 ("))
    }

    @Test("a node that does not know another", arguments: CapturedServer.all)
    func missingNode(server: CapturedServer) throws {
        let steady = try server.topology("steady")
        let node2 = try server.node(2, in: steady)
        var forgotten = steady
        forgotten.nodes.removeAll { $0.id == node2.id }
        let views = [
            Self.view(steady, from: server.address(ofNode: 1)),
            Self.view(steady, from: server.address(ofNode: 2)),
            Self.view(forgotten, from: server.address(ofNode: 3)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(
            disagreement.differences.first
                == .unknownNode(viewer: server.address(ofNode: 3), node: Self.reference(node2)))
        let (address1, address2, address3) = Self.firstThreeAddresses(of: server)
        #expect(
            disagreement.description.hasPrefix("\(address3) does not know node \(node2.id.prefix(8))… (\(address2))"))
        // Its slots have no owner in that view either.
        #expect(
            disagreement.description.contains(
                "\(address3) sees slots 5461-10922 served by no node "
                    + "while \(address1) sees them served by \(address2)"))
    }

    @Test("a node in handshake is reported, not as an unknown node", arguments: CapturedServer.all)
    func handshake(server: CapturedServer) throws {
        let handshake = try server.topology("handshake")
        let steady = try server.topology("steady")
        let views = [
            Self.view(handshake, from: server.address(ofNode: 1)),
            Self.view(steady, from: server.address(ofNode: 2)),
            Self.view(steady, from: server.address(ofNode: 3)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(
            disagreement.description == "\(server.address(ofNode: 1)) sees \(server.address(ofNode: 9)) in handshake")
        #expect(disagreement.differences.count == 1)
    }

    @Test("cluster_state:fail is a disagreement unless the state is not required")
    func clusterStateFail() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        let views = [
            Self.view(steady, from: server.address(ofNode: 1)),
            Self.view(steady, from: server.address(ofNode: 2), state: "fail"),
            Self.view(steady, from: server.address(ofNode: 3)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(disagreement.description == "127.0.0.1:31102 reports cluster_state:fail")
        #expect(ClusterAgreement.check(views, requireStateOK: false) == nil)
    }

    @Test("open slots are reported by the nodes that hold them open", arguments: CapturedServer.all)
    func openSlots(server: CapturedServer) throws {
        let views = [
            Self.view(try server.topology("migrating-source"), from: server.address(ofNode: 1)),
            Self.view(try server.topology("migrating-target"), from: server.address(ofNode: 2)),
            Self.view(try server.topology("migrating-other-source"), from: server.address(ofNode: 3)),
        ]
        let steady = try server.topology("steady")
        let node1 = try server.node(1, in: steady)
        let node2 = try server.node(2, in: steady)
        let node3 = try server.node(3, in: steady)
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(
            disagreement.differences == [
                .openSlots(
                    viewer: server.address(ofNode: 1), node: Self.reference(node1), slots: [try HashSlot(100)],
                    direction: .migrating, peer: Self.reference(node2)),
                .openSlots(
                    viewer: server.address(ofNode: 1), node: Self.reference(node1), slots: [try HashSlot(16383)],
                    direction: .importing, peer: Self.reference(node3)),
                .openSlots(
                    viewer: server.address(ofNode: 2), node: Self.reference(node2), slots: [try HashSlot(100)],
                    direction: .importing, peer: Self.reference(node1)),
                .openSlots(
                    viewer: server.address(ofNode: 3), node: Self.reference(node3), slots: [try HashSlot(16383)],
                    direction: .migrating, peer: Self.reference(node1)),
            ])
        let (address1, address2, address3) = Self.firstThreeAddresses(of: server)
        #expect(
            disagreement.description.hasPrefix(
                "\(address1) still has slot 100 open, migrating to \(address2) (\(node2.id.prefix(8))…); "
                    + "\(address1) still has slot 16383 open, "
                    + "importing from \(address3) (\(node3.id.prefix(8))…); "))
        #expect(disagreement.description.hasSuffix("; and 1 more"))
        // The slot owners themselves agree.
        #expect(ClusterAgreement.check(views, requireOpenSlotsClosed: false) == nil)
    }

    @Test("a failover seen by some nodes only: roles and slot owners differ", arguments: CapturedServer.all)
    func failoverHalfSeen(server: CapturedServer) throws {
        let before = try server.topology("replicas")
        let after = try server.topology("failover")
        let firstSlot = try HashSlot(5461)
        let oldMaster = try #require(before.owner(of: firstSlot))
        let promoted = try #require(after.owner(of: firstSlot))
        let views = [
            Self.view(after, from: server.address(ofNode: 1)),
            Self.view(before, from: server.address(ofNode: 3)),
            Self.view(after, from: try #require(promoted.address)),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        #expect(
            disagreement.differences == [
                .role(
                    viewer: server.address(ofNode: 3), node: Self.reference(promoted),
                    role: .replica(of: Self.reference(oldMaster)), reference: server.address(ofNode: 1),
                    referenceRole: .master),
                .slotOwner(
                    viewer: server.address(ofNode: 3), slots: SlotSet(5461...10922), owner: Self.reference(oldMaster),
                    reference: server.address(ofNode: 1), referenceOwner: Self.reference(promoted)),
            ])
        #expect(
            disagreement.description.hasPrefix(
                "\(server.address(ofNode: 3)) sees \(Self.reference(promoted)) as a replica of "
                    + "\(Self.reference(oldMaster)) while \(server.address(ofNode: 1)) sees it as a master; "))
    }

    @Test("every kind at once, in order, summarised as the first three and a count")
    func summary() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        var forgotten = steady
        forgotten.nodes.removeAll { $0.address == server.address(ofNode: 3) }
        let views = [
            Self.view(try server.topology("handshake"), from: server.address(ofNode: 1), state: "fail"),
            Self.view(try server.topology("migrating-target"), from: server.address(ofNode: 2)),
            Self.view(forgotten, from: server.address(ofNode: 3), state: ""),
        ]
        let disagreement = try #require(ClusterAgreement.check(views))
        let kinds = disagreement.differences.map { difference -> String in
            switch difference {
            case .clusterState: "state"
            case .handshake: "handshake"
            case .unknownNode: "unknown"
            case .role: "role"
            case .slotOwner: "slots"
            case .openSlots: "open"
            }
        }
        #expect(kinds == ["state", "state", "handshake", "unknown", "slots", "open"])
        #expect(
            disagreement.description
                == "127.0.0.1:31101 reports cluster_state:fail; 127.0.0.1:31103 reports no cluster_state; "
                + "127.0.0.1:31101 sees 127.0.0.1:31109 in handshake; and 3 more")
        #expect(disagreement.description(limit: 100).split(separator: "; ").count == 6)
        #expect(!disagreement.description(limit: 100).contains("more"))
    }

    @Test("100 views of 100 masters: one stray slot found among 16384 × 100")
    func manyNodes() throws {
        let counts = (0..<100).map { HashSlot.count / 100 + ($0 < HashSlot.count % 100 ? 1 : 0) }
        let agreed = ClusterTopology(nodes: BalancePlanTests.masters(holding: counts))
        let addresses = agreed.nodes.compactMap(\.address)
        var strayed = agreed
        try Self.move(slot: 16383, from: agreed.nodes[99].id, to: agreed.nodes[0].id, in: &strayed)
        var views = addresses.map { Self.view(agreed, from: $0) }
        views[42] = Self.view(strayed, from: addresses[42])

        let found = try #require(ClusterAgreement.check(views))
        #expect(found.differences.count == 1)
        #expect(found.description.hasPrefix("127.0.0.1:7042 sees slot 16383 served by 127.0.0.1:7000 ("))
        #expect(ClusterAgreement.check(addresses.map { Self.view(agreed, from: $0) }) == nil)
    }

    // MARK: Helpers

    /// `topology` as the node at `address` would report it: the same nodes, with `myself` moved to it.
    static func view(_ topology: ClusterTopology, from address: NodeAddress, state: String = "ok") -> NodeView {
        var seen = topology
        for index in seen.nodes.indices {
            if seen.nodes[index].address == address {
                seen.nodes[index].flags.insert(.myself)
            } else {
                seen.nodes[index].flags.remove(.myself)
            }
        }
        return NodeView(address: address, topology: seen, clusterState: state)
    }

    /// Moves `slot` from one node to another in `topology`.
    static func move(
        slot number: Int, from sourceID: String, to destinationID: String, in topology: inout ClusterTopology
    ) throws {
        let slot = try HashSlot(number)
        let source = try #require(topology.nodes.firstIndex { $0.id == sourceID })
        let destination = try #require(topology.nodes.firstIndex { $0.id == destinationID })
        topology.nodes[source].slots.remove(slot)
        topology.nodes[destination].slots.insert(slot)
    }

    /// Where nodes 1, 2 and 3 of `server` listen.
    static func firstThreeAddresses(of server: CapturedServer) -> (NodeAddress, NodeAddress, NodeAddress) {
        (server.address(ofNode: 1), server.address(ofNode: 2), server.address(ofNode: 3))
    }

    static func reference(_ node: ClusterNode) -> Disagreement.NodeReference {
        Disagreement.NodeReference(id: node.id, address: node.address)
    }
}
