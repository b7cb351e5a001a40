import RESP
import Testing

@testable import RedisTrib

@Suite("ClusterCheck: node health")
struct ClusterCheckHealthTests {
    static let topology = topology(secondEpoch: 2)

    /// Two masters, the second at config epoch `secondEpoch`, and a replica of each.
    static func topology(secondEpoch: Int) -> String {
        """
        1111111111111111111111111111111111111111 10.0.0.1:7000@17000 master - 0 0 1 connected 0-8191
        2222222222222222222222222222222222222222 10.0.0.2:7000@17000 master - 0 0 \(secondEpoch) connected 8192-16383
        3333333333333333333333333333333333333333 10.0.0.3:7000@17000 slave 1111111111111111111111111111111111111111 0 0 1 connected
        4444444444444444444444444444444444444444 10.0.0.4:7000@17000 slave 2222222222222222222222222222222222222222 0 0 2 connected
        """
    }

    /// The four nodes' views of `text`, node `n` answering `states[n]` (default `ok`).
    static func views(_ text: String = topology, states: [Int: String] = [:]) throws -> [NodeView] {
        let parsed = try ClusterTopology(parsing: text)
        return parsed.nodes.compactMap(\.address).enumerated().map { index, address in
            ClusterAgreementTests.view(parsed, from: address, state: states[index + 1] ?? "ok")
        }
    }

    static func node(_ number: Int) throws -> Disagreement.NodeReference {
        Disagreement.NodeReference(id: String(repeating: Character("\(number)"), count: 40), address: try NodeAddress(parsing: "10.0.0.\(number):7000"))
    }

    @Test("nodes that answer cluster_state:fail are one error naming them")
    func failingState() throws {
        let findings = ClusterCheck.findings(try Self.views(states: [2: "fail", 4: "fail"]))
        #expect(
            findings == [
                CheckFinding(
                    .clusterStateFail, "10.0.0.2:7000 and 10.0.0.4:7000 report cluster_state:fail, so they refuse clients' commands",
                    nodes: [try Self.node(2), try Self.node(4)])
            ])
        #expect(findings.first?.severity == .error)
    }

    @Test("a replica whose link is down is an error naming its master; while its first sync runs, a warning")
    func linkDown() throws {
        let (syncing, down) = (try Self.node(3), try Self.node(4))
        let health = [
            NodeHealth(node: syncing, replication: ["role": "slave", "master_link_status": "down", "master_sync_in_progress": "1"], jobs: []),
            NodeHealth(node: down, replication: ["role": "slave", "master_link_status": "down", "master_sync_in_progress": "0"], jobs: []),
        ]
        let findings = ClusterCheck.findings(try Self.views(), health: health)
        #expect(
            findings == [
                CheckFinding(
                    .replicaSyncing, "\(syncing) is a replica of \(try Self.node(1)) and still syncing from it: its link is not up yet",
                    nodes: [syncing, try Self.node(1)]),
                CheckFinding(.replicaLinkDown, "\(down) is a replica of \(try Self.node(2)) and its link to it is down", nodes: [down, try Self.node(2)]),
            ])
        #expect(findings.map(\.severity) == [.warning, .error])
        #expect(NodeHealth(node: down, replication: ["role": "slave", "master_link_status": "up"], jobs: []).masterLinkUp == true)
    }

    @Test("a replica its master says has not acknowledged for 5 seconds or more is a warning; one second is none")
    func lagging() throws {
        let master = try Self.node(1)
        let replication = [
            "role": "master", "connected_slaves": "2",
            "slave0": "ip=10.0.0.3,port=7000,state=online,offset=100,lag=7",
            "slave1": "ip=10.0.0.9,port=7001,state=online,offset=100,lag=1",
        ]
        let health = NodeHealth(node: master, replication: replication, jobs: [])
        #expect(health.masterLinkUp == nil)
        #expect(health.replicaLags.map(\.seconds) == [7, 1])
        let findings = ClusterCheck.findings(try Self.views(), health: [health])
        #expect(
            findings == [
                CheckFinding(
                    .replicaLagging, "\(try Self.node(3)) is a replica of \(master) and has not acknowledged its stream for 7 seconds",
                    nodes: [try Self.node(3), master])
            ])
        #expect(findings.first?.severity == .warning)
    }

    @Test("a running atomic migration job is one warning though both sides list it; a finished one is none")
    func runningJob() throws {
        let running = try #require(
            SlotMigrationJob(MigrateOutcomeTests.job(name: "86dafc3feb6d7b51", operation: "EXPORT", ranges: "5-9", state: "snapshotting")))
        let done = try #require(SlotMigrationJob(MigrateOutcomeTests.job(name: "015d55bc75b6c03a", operation: "EXPORT", ranges: "20", state: "success")))
        let source = Disagreement.NodeReference(id: running.sourceID, address: nil)
        let target = Disagreement.NodeReference(id: running.targetID, address: nil)
        let health = [
            NodeHealth(node: try Self.node(1), jobs: [running, done]),
            NodeHealth(node: try Self.node(2), jobs: [running]),
        ]
        let findings = ClusterCheck.findings(try Self.views(), health: health)
        #expect(
            findings == [
                CheckFinding(
                    .atomicMigrationRunning, "slots 5-9 are migrating atomically from \(source) to \(target) (job 86dafc3f, snapshotting)",
                    nodes: [source, target], slots: SlotSet(5...9))
            ])
    }

    @Test("masters that share a config epoch in their own lines are a warning naming them")
    func epochCollision() throws {
        let findings = ClusterCheck.findings(try Self.views(Self.topology(secondEpoch: 1)))
        #expect(
            findings == [
                CheckFinding(
                    .configEpochCollision,
                    "\(try Self.node(1)), \(try Self.node(2)) share config epoch 1; until the nodes settle it, a failover may give a slot to the wrong one",
                    nodes: [try Self.node(1), try Self.node(2)])
            ])
    }
}

extension ClusterCheckHealthTests {
    @Test("a node one view sees as a master and the others as a replica: which views see which role")
    func roleDisagreement() throws {
        let failedOver = """
            1111111111111111111111111111111111111111 10.0.0.1:7000@17000 slave 3333333333333333333333333333333333333333 0 0 3 connected
            2222222222222222222222222222222222222222 10.0.0.2:7000@17000 master - 0 0 2 connected 8192-16383
            3333333333333333333333333333333333333333 10.0.0.3:7000@17000 master - 0 0 3 connected 0-8191
            4444444444444444444444444444444444444444 10.0.0.4:7000@17000 slave 2222222222222222222222222222222222222222 0 0 2 connected
            """
        var views = try Self.views()
        views[2] = try Self.views(failedOver)[2]
        let findings = ClusterCheck.findings(views).filter { $0.kind == .roleDisagreement }
        let (node1, node2, node3, node4) = (try Self.node(1), try Self.node(2), try Self.node(3), try Self.node(4))
        #expect(
            findings == [
                CheckFinding(
                    .roleDisagreement,
                    "the nodes disagree on the role of \(node1): 10.0.0.1:7000, 10.0.0.2:7000 and 10.0.0.4:7000 see a master; 10.0.0.3:7000 sees a replica of \(node3)",
                    nodes: [node1, node2, node3, node4]),
                CheckFinding(
                    .roleDisagreement,
                    "the nodes disagree on the role of \(node3): 10.0.0.1:7000, 10.0.0.2:7000 and 10.0.0.4:7000 see a replica of \(node1); 10.0.0.3:7000 sees a master",
                    nodes: [node3, node1, node2, node4]),
            ])
        #expect(findings.allSatisfy { $0.severity == .error })
    }
}

extension ClusterCheckHealthTests {
    @Test("nodes that report different current epochs are one warning, the highest epoch first; one epoch for all is none")
    func epochSpaces() throws {
        let (node1, node2, node3) = (try Self.node(1), try Self.node(2), try Self.node(3))
        let health = [
            NodeHealth(node: node1, currentEpoch: 7), NodeHealth(node: node2, currentEpoch: 3), NodeHealth(node: node3, currentEpoch: 7),
        ]
        let findings = ClusterCheck.findings(try Self.views(), health: health)
        #expect(
            findings == [
                CheckFinding(
                    .currentEpochDiffers,
                    "the nodes report different current epochs (as after a failover, for a moment; kept, they do not hear each other "
                        + "or come from another cluster): 7 on \(node1), \(node3); 3 on \(node2)",
                    nodes: [node1, node3, node2])
            ])
        #expect(findings.first?.severity == .warning)
        let agreeing = health.map { NodeHealth(node: $0.node, currentEpoch: 7) }
        #expect(ClusterCheck.findings(try Self.views(), health: agreeing).isEmpty)
        #expect(NodeHealth(node: node1, replication: [:], jobs: [], currentEpoch: 4).currentEpoch == 4)
    }
}
