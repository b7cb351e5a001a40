import RESP
import RedisTrib

/// A fixed cluster as `CLUSTER NODES` would describe it to its first master: three masters with a
/// replica each, one replica failed, a slot being moved, a node in handshake and one without a master.
enum SampleNodes {
    static let masterA = ClusterNode(
        id: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", address: NodeAddress(host: "127.0.0.1", port: 7000),
        flags: [.myself, .master], configEpoch: 1, slots: SlotSet(0...5460),
        migrating: [slot(5460): "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"]
    )
    static let masterB = ClusterNode(
        id: "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2", address: NodeAddress(host: "127.0.0.1", port: 7001),
        flags: [.master], configEpoch: 2, slots: SlotSet(5461...10922),
        importing: [slot(5460): "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"]
    )
    static let masterC = ClusterNode(
        id: "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3", address: NodeAddress(host: "::1", port: 7002),
        flags: [.master], configEpoch: 3, slots: SlotSet(10923...16383)
    )
    static let replicaA = ClusterNode(
        id: "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", address: NodeAddress(host: "127.0.0.1", port: 7003),
        hostname: "replica-a.example", flags: [.replica, .noFailover], masterID: masterA.id, configEpoch: 1
    )
    static let replicaB = ClusterNode(
        id: "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5", address: NodeAddress(host: "127.0.0.1", port: 7004),
        flags: [.replica, .failed], masterID: masterB.id, configEpoch: 2, linkState: .disconnected
    )
    static let orphan = ClusterNode(
        id: "f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6", address: NodeAddress(host: "127.0.0.1", port: 7005),
        flags: [.replica], masterID: "0000000000000000000000000000000000000000"
    )
    static let handshaking = ClusterNode(
        id: "9999999999999999999999999999999999999999", address: nil, flags: [.handshake, .noAddress]
    )

    /// Every node, in the order a reply might list them (not the table's order).
    static let all = [replicaB, masterC, handshaking, masterA, orphan, replicaA, masterB]

    /// A slot number written in this file (all below 16384).
    private static func slot(_ number: Int) -> HashSlot {
        HashSlot(exactly: number)!
    }
}
