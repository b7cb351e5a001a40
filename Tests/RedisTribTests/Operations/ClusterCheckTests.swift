import RESP
import Testing

@testable import RedisTrib

@Suite("ClusterCheck")
struct ClusterCheckTests {
    // MARK: Healthy

    @Test("three masters with a replica each, every node on its own host, seen from all six: no finding")
    func healthy() throws {
        let text = """
            1111111111111111111111111111111111111111 10.0.0.1:7000@17000 master - 0 0 1 connected 0-5460
            2222222222222222222222222222222222222222 10.0.0.2:7000@17000 master - 0 0 2 connected 5461-10922
            3333333333333333333333333333333333333333 10.0.0.3:7000@17000 master - 0 0 3 connected 10923-16383
            4444444444444444444444444444444444444444 10.0.0.4:7000@17000 slave 1111111111111111111111111111111111111111 0 0 1 connected
            5555555555555555555555555555555555555555 10.0.0.5:7000@17000 slave 2222222222222222222222222222222222222222 0 0 2 connected
            6666666666666666666666666666666666666666 10.0.0.6:7000@17000 slave 3333333333333333333333333333333333333333 0 0 3 connected
            """
        let topology = try ClusterTopology(parsing: text)
        let views = topology.nodes.compactMap(\.address).map { ClusterAgreementTests.view(topology, from: $0) }
        #expect(ClusterCheck.findings(views) == [])
        #expect(ClusterCheckReport(checkedNodes: views.map(\.address), findings: []).isHealthy)
    }

    @Test("warnings alone leave a cluster healthy; one error does not")
    func health() {
        let node = Disagreement.NodeReference(id: "1111111111111111111111111111111111111111", address: nil)
        let warning = CheckFinding(.masterWithoutReplica, "w", nodes: [node])
        let error = CheckFinding(.failedNode, "e", nodes: [node])
        #expect(ClusterCheckReport(checkedNodes: [], findings: [warning]).isHealthy)
        #expect(!ClusterCheckReport(checkedNodes: [], findings: [warning, error]).isHealthy)
    }

    @Test("every kind's code is kebab-case and its own; the fragile-but-serving kinds are the warnings")
    func kindCodes() {
        let codes = CheckFinding.Kind.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { code in !code.isEmpty && code.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(
            CheckFinding.Kind.allCases.filter { $0.severity == .warning } == [
                .possiblyFailedNode, .handshakeNode, .atomicMigrationRunning, .replicaSyncing, .replicaLagging, .configEpochCollision, .currentEpochDiffers,
                .settingDiffers,
                .masterWithoutReplica, .replicaOnMasterHost, .settingsNotRestored, .settingsInUse,
            ])
    }

    // MARK: Reachability

    @Test("a node that could not be read is an error naming it and why")
    func unreachable() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        let node3 = ClusterAgreementTests.reference(try server.node(3, in: steady))
        let views = [1, 2].map { ClusterAgreementTests.view(steady, from: server.address(ofNode: $0)) }
        let findings = ClusterCheck.findings(views, unreachable: [ClusterCheck.UnreachableNode(node: node3, reason: "connection refused")])
        #expect(
            Self.of(.unreachableNode, findings) == [
                CheckFinding(.unreachableNode, "\(node3) could not be reached: connection refused", nodes: [node3])
            ])
        #expect(findings.first?.severity == .error)
    }

    @Test("keys a master holds in slots it neither owns nor imports are an error naming it, the slots and the count")
    func strayKeys() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        let node3 = ClusterAgreementTests.reference(try server.node(3, in: steady))
        let views = [1, 2, 3].map { ClusterAgreementTests.view(steady, from: server.address(ofNode: $0)) }
        let slots = try SlotSet(parsing: "5 7-8")
        let findings = ClusterCheck.findings(
            views,
            strayKeys: [
                ClusterCheck.StrayKeys(node: node3, slots: slots, keys: 12),
                ClusterCheck.StrayKeys(node: node3, slots: SlotSet(), keys: 0),
            ])
        #expect(
            Self.of(.keysInUnownedSlots, findings) == [
                CheckFinding(.keysInUnownedSlots, "\(node3) holds 12 key(s) in slots 5 7-8, which it neither owns nor imports", nodes: [node3], slots: slots)
            ])
        #expect(findings.first { $0.kind == .keysInUnownedSlots }?.severity == .error)
    }

    @Test("a setting the nodes do not share is a warning naming each value and its nodes; one all share is none")
    func settings() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        let nodes = try [1, 2, 3].map { ClusterAgreementTests.reference(try server.node($0, in: steady)) }
        let views = [1, 2, 3].map { ClusterAgreementTests.view(steady, from: server.address(ofNode: $0)) }
        let settings = zip(nodes, ["5000", "15000", "5000"]).map { node, timeout in
            ClusterCheck.NodeSettings(node: node, values: ["cluster-node-timeout": timeout, "cluster-require-full-coverage": "yes"])
        }
        let findings = Self.of(.settingDiffers, ClusterCheck.findings(views, settings: settings))
        #expect(
            findings == [
                CheckFinding(
                    .settingDiffers, "cluster-node-timeout differs between the nodes: 5000 on \(nodes[0]), \(nodes[2]); 15000 on \(nodes[1])",
                    nodes: [nodes[0], nodes[2], nodes[1]])
            ])
        #expect(findings.first?.severity == .warning)
    }

    // MARK: Agreement

    @Test("slots whose owner the views name differently: which view names which owner, as ranges", arguments: CapturedServer.all)
    func slotOwners(server: CapturedServer) throws {
        let steady = try server.topology("steady")
        let (node1, node2, node3) = try Self.firstThree(server, steady)
        var moved = steady
        for slot in [5, 6] {
            try ClusterAgreementTests.move(slot: slot, from: node1.id, to: node3.id, in: &moved)
        }
        let views = [
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 1)),
            ClusterAgreementTests.view(moved, from: server.address(ofNode: 2)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 3)),
        ]
        let (a1, a2, a3) = ClusterAgreementTests.firstThreeAddresses(of: server)
        #expect(
            Self.of(.slotOwnerDisagreement, ClusterCheck.findings(views)) == [
                CheckFinding(
                    .slotOwnerDisagreement, "the nodes disagree on the owner of slots 5-6: \(a1) and \(a3) see \(node1); \(a2) sees \(node3)",
                    nodes: [node1, node2, node3], slots: SlotSet(5...6))
            ])
    }

    @Test("a node some views list and one does not", arguments: CapturedServer.all)
    func unknownNode(server: CapturedServer) throws {
        let steady = try server.topology("steady")
        let (node1, node2, node3) = try Self.firstThree(server, steady)
        var forgotten = steady
        forgotten.nodes.removeAll { $0.id == node2.id }
        let views = [
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 1)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 2)),
            ClusterAgreementTests.view(forgotten, from: server.address(ofNode: 3)),
        ]
        let (a1, a2, a3) = ClusterAgreementTests.firstThreeAddresses(of: server)
        let findings = ClusterCheck.findings(views)
        #expect(
            Self.of(.unknownNode, findings) == [
                CheckFinding(.unknownNode, "\(node2) is listed by \(a1) and \(a2) but not by \(a3)", nodes: [node2, node3, node1])
            ])
        // Node 3 also sees node 2's slots served by no one.
        #expect(
            Self.of(.slotOwnerDisagreement, findings).map(\.message) == [
                "the nodes disagree on the owner of slots 5461-10922: \(a1) and \(a2) see \(node2); \(a3) sees no owner"
            ])
    }

    // MARK: Coverage

    @Test("slots no view assigns to a master, as one range")
    func uncovered() throws {
        let server = CapturedServer.redis7
        var steady = try server.topology("steady")
        let index = try #require(steady.nodes.firstIndex { $0.address == server.address(ofNode: 1) })
        steady.nodes[index].slots.subtract(SlotSet(0...99))
        let views = (1...3).map { ClusterAgreementTests.view(steady, from: server.address(ofNode: $0)) }
        #expect(
            Self.of(.uncoveredSlots, ClusterCheck.findings(views)) == [
                CheckFinding(
                    .uncoveredSlots, "slots 0-99 are served by no node: no view assigns them to a master", nodes: [], slots: SlotSet(0...99))
            ])
    }

    @Test("slots whose only owner is flagged fail, with the views that flag it", arguments: CapturedServer.all)
    func failedOwner(server: CapturedServer) throws {
        let failed = try server.topology("fail")
        let (node1, node2, node3) = try Self.firstThree(server, failed)
        let views = [1, 3].map { ClusterAgreementTests.view(failed, from: server.address(ofNode: $0)) }
        let (a1, _, a3) = ClusterAgreementTests.firstThreeAddresses(of: server)
        #expect(
            Self.of(.failedOwner, ClusterCheck.findings(views)) == [
                CheckFinding(
                    .failedOwner, "slots 5461-10922 are served only by \(node2), which \(a1) and \(a3) flag as failed",
                    nodes: [node2, node1, node3], slots: SlotSet(5461...10922))
            ])
    }

    // MARK: Open slots

    @Test("a MIGRATING with its IMPORTING is one open-slot finding per pair, from each node's own line", arguments: CapturedServer.all)
    func openSlotPairs(server: CapturedServer) throws {
        let views = [
            ClusterAgreementTests.view(try server.topology("migrating-source"), from: server.address(ofNode: 1)),
            ClusterAgreementTests.view(try server.topology("migrating-target"), from: server.address(ofNode: 2)),
            ClusterAgreementTests.view(try server.topology("migrating-other-source"), from: server.address(ofNode: 3)),
        ]
        let (node1, node2, node3) = try Self.firstThree(server, try server.topology("steady"))
        let findings = ClusterCheck.findings(views)
        #expect(
            Self.of(.openSlot, findings) == [
                CheckFinding(
                    .openSlot, "slot 100 is open: \(node1) has it MIGRATING to \(node2), and \(node2) has it IMPORTING from \(node1)",
                    nodes: [node1, node2], slots: [try HashSlot(100)]),
                CheckFinding(
                    .openSlot, "slot 16383 is open: \(node3) has it MIGRATING to \(node1), and \(node1) has it IMPORTING from \(node3)",
                    nodes: [node3, node1], slots: [try HashSlot(16383)]),
            ])
        #expect(Self.of(.loneMigrating, findings).isEmpty && Self.of(.loneImporting, findings).isEmpty)
    }

    @Test("a lone MIGRATING names the target that does not import it", arguments: CapturedServer.all)
    func loneMigrating(server: CapturedServer) throws {
        let (views, steady) = try Self.loneMarkerViews(server)
        let (node1, node2, _) = try Self.firstThree(server, steady)
        #expect(
            Self.of(.loneMigrating, ClusterCheck.findings(views)) == [
                CheckFinding(
                    .loneMigrating, "\(node1) has slot 100 MIGRATING to \(node2), but \(node2) does not have it IMPORTING from \(node1)",
                    nodes: [node1, node2], slots: [try HashSlot(100)])
            ])
    }

    @Test("a lone IMPORTING names the source that does not migrate it", arguments: CapturedServer.all)
    func loneImporting(server: CapturedServer) throws {
        let (views, steady) = try Self.loneMarkerViews(server)
        let (node1, _, node3) = try Self.firstThree(server, steady)
        #expect(
            Self.of(.loneImporting, ClusterCheck.findings(views)) == [
                CheckFinding(
                    .loneImporting, "\(node1) has slot 16383 IMPORTING from \(node3), but \(node3) does not have it MIGRATING to \(node1)",
                    nodes: [node1, node3], slots: [try HashSlot(16383)])
            ])
    }

    @Test("a marker whose other side could not be read says so")
    func markerPeerUnread() throws {
        let server = CapturedServer.redis7
        let views = [ClusterAgreementTests.view(try server.topology("migrating-source"), from: server.address(ofNode: 1))]
        let (node1, node2, node3) = try Self.firstThree(server, try server.topology("steady"))
        let findings = ClusterCheck.findings(views)
        #expect(
            (Self.of(.loneMigrating, findings) + Self.of(.loneImporting, findings)).map(\.message) == [
                "\(node1) has slot 100 MIGRATING to \(node2), but \(node2) could not be read",
                "\(node1) has slot 16383 IMPORTING from \(node3), but \(node3) could not be read",
            ])
    }

    // MARK: Node health

    @Test("a node flagged fail, with every view that flags it", arguments: CapturedServer.all)
    func failedNode(server: CapturedServer) throws {
        let failed = try server.topology("fail")
        let (node1, node2, node3) = try Self.firstThree(server, failed)
        let views = [1, 3].map { ClusterAgreementTests.view(failed, from: server.address(ofNode: $0)) }
        let (a1, _, a3) = ClusterAgreementTests.firstThreeAddresses(of: server)
        #expect(
            Self.of(.failedNode, ClusterCheck.findings(views)) == [
                CheckFinding(.failedNode, "\(node2) is flagged fail by \(a1) and \(a3)", nodes: [node2, node1, node3])
            ])
    }

    @Test("nodes flagged fail? are warnings, each with the view that flags it")
    func possiblyFailedNode() throws {
        let server = CapturedServer.redis7
        let pfail = try server.topology("pfail")
        let node1 = ClusterAgreementTests.reference(try server.node(1, in: pfail))
        let node3 = ClusterAgreementTests.reference(try server.node(3, in: pfail))
        let node5 = ClusterAgreementTests.reference(try server.node(5, in: pfail))
        let a1 = server.address(ofNode: 1)
        let findings = ClusterCheck.findings([NodeView(address: a1, topology: pfail, clusterState: "fail")])
        #expect(
            Self.of(.possiblyFailedNode, findings) == [
                CheckFinding(.possiblyFailedNode, "\(node5) is flagged fail? by \(a1)", nodes: [node5, node1]),
                CheckFinding(.possiblyFailedNode, "\(node3) is flagged fail? by \(a1)", nodes: [node3, node1]),
            ])
        #expect(Self.of(.possiblyFailedNode, findings).allSatisfy { $0.severity == .warning })
    }

    @Test("a node in handshake", arguments: CapturedServer.all)
    func handshakeNode(server: CapturedServer) throws {
        let handshake = try server.topology("handshake")
        let steady = try server.topology("steady")
        let views = [
            ClusterAgreementTests.view(handshake, from: server.address(ofNode: 1)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 2)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 3)),
        ]
        let newcomer = ClusterAgreementTests.reference(try server.node(9, in: handshake))
        let node1 = ClusterAgreementTests.reference(try server.node(1, in: handshake))
        #expect(
            Self.of(.handshakeNode, ClusterCheck.findings(views)) == [
                CheckFinding(.handshakeNode, "\(newcomer) is flagged handshake by \(server.address(ofNode: 1))", nodes: [newcomer, node1])
            ])
    }

    @Test("a node without an address (noaddr) is named by its ID", arguments: CapturedServer.all)
    func noAddressNode(server: CapturedServer) throws {
        let noaddr = try server.topology("noaddr")
        let lost = try #require(noaddr.nodes.first { $0.flags.contains(.noAddress) })
        let node1 = ClusterAgreementTests.reference(try server.node(1, in: noaddr))
        let a1 = server.address(ofNode: 1)
        let findings = ClusterCheck.findings([NodeView(address: a1, topology: noaddr, clusterState: "ok")])
        let reference = Disagreement.NodeReference(id: lost.id, address: nil)
        #expect(
            Self.of(.noAddressNode, findings) == [
                CheckFinding(.noAddressNode, "node \(lost.id.prefix(8))… is flagged noaddr by \(a1)", nodes: [reference, node1])
            ])
    }

    @Test("masters that serve slots and have no replica are warnings")
    func masterWithoutReplica() throws {
        let server = CapturedServer.redis7
        let steady = try server.topology("steady")
        let (node1, node2, node3) = try Self.firstThree(server, steady)
        let views = (1...3).map { ClusterAgreementTests.view(steady, from: server.address(ofNode: $0)) }
        let findings = ClusterCheck.findings(views)
        #expect(
            findings == [
                CheckFinding(.masterWithoutReplica, "\(node1) serves slots 0-5460 and has no replica", nodes: [node1], slots: SlotSet(0...5460)),
                CheckFinding(
                    .masterWithoutReplica, "\(node2) serves slots 5461-10922 and has no replica", nodes: [node2], slots: SlotSet(5461...10922)),
                CheckFinding(
                    .masterWithoutReplica, "\(node3) serves slots 10923-16383 and has no replica", nodes: [node3], slots: SlotSet(10923...16383)),
            ])
        #expect(ClusterCheckReport(checkedNodes: views.map(\.address), findings: findings).isHealthy)
    }

    @Test("replicas on their master's host are warnings; every master has a replica")
    func replicaOnMasterHost() throws {
        let server = CapturedServer.redis7
        let replicas = try server.topology("replicas")
        let views = (1...6).map { ClusterAgreementTests.view(replicas, from: server.address(ofNode: $0)) }
        let pairs = try [(5, 2), (6, 3), (4, 1)].map { replica, master in
            (ClusterAgreementTests.reference(try server.node(replica, in: replicas)), ClusterAgreementTests.reference(try server.node(master, in: replicas)))
        }
        #expect(
            ClusterCheck.findings(views)
                == pairs.map { replica, master in
                    CheckFinding(.replicaOnMasterHost, "\(replica) is a replica of \(master) on the same host, 127.0.0.1", nodes: [replica, master])
                })
    }

    // MARK: Helpers

    /// Node 1 with slot 100 `MIGRATING` to node 2 and slot 16383 `IMPORTING` from node 3, neither
    /// of which has the other side; and the steady topology they share.
    static func loneMarkerViews(_ server: CapturedServer) throws -> (views: [NodeView], steady: ClusterTopology) {
        let steady = try server.topology("steady")
        let views = [
            ClusterAgreementTests.view(try server.topology("migrating-source"), from: server.address(ofNode: 1)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 2)),
            ClusterAgreementTests.view(steady, from: server.address(ofNode: 3)),
        ]
        return (views, steady)
    }

    /// The findings of one kind.
    static func of(_ kind: CheckFinding.Kind, _ findings: [CheckFinding]) -> [CheckFinding] {
        findings.filter { $0.kind == kind }
    }

    /// Nodes 1, 2 and 3 of `server` as `topology` lists them.
    static func firstThree(
        _ server: CapturedServer, _ topology: ClusterTopology
    ) throws -> (Disagreement.NodeReference, Disagreement.NodeReference, Disagreement.NodeReference) {
        let references = try (1...3).map { ClusterAgreementTests.reference(try server.node($0, in: topology)) }
        return (references[0], references[1], references[2])
    }
}
