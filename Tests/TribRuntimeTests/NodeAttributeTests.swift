import Foundation
import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// What a node value knows: its own fields, and its master and replicas from the list it came from.
@Suite struct NodeAttributeTests {
    @Test func aMastersAttributes() async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                let m = node(127.0.0.1:7000)
                echo $m.id $m.addr $m.host $m.port $m.role
                echo $m.slots
                echo count($m.replicas) $m.replicas[0].addr $m.master
                echo $m.flags $m.migrating $m.failed $m.myself $m.epoch
                echo $m "[${$m.open_slots}]"
                """)
        #expect(
            echoes == [
                "\(FakeClusterBackend.id(7000)) 127.0.0.1:7000 127.0.0.1 7000 master",
                "0-5460",
                "1 127.0.0.1:7100 nil",
                "master false false false 0",
                "127.0.0.1:7000 []",
            ])
    }

    @Test func aReplicaKnowsItsMaster() async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                let r = node(127.0.0.1:7101)
                echo $r.role $r.master.addr ${$r.master == node(127.0.0.1:7001)} $r.master.master
                echo ${count($r.slots)} ${$r.replicas == []} ${$r == 127.0.0.1:7101} ${$r in replicas(127.0.0.1:7000)}
                """)
        #expect(echoes == ["replica 127.0.0.1:7001 true nil", "0 true true true"])
    }

    @Test func openSlotsShowAsMigrating() async {
        let harness = RuntimeHarness()
        var nodes = FakeClusterBackend.threeMasters
        nodes[0].migrating = [try! HashSlot(5): FakeClusterBackend.id(7001)]
        nodes[1].importing = [try! HashSlot(5): FakeClusterBackend.id(7000)]
        await harness.backend.setNodes(nodes)
        let echoes = await harness.echoes(
            of: """
                connect 127.0.0.1:7000
                for n in masters() { if $n.migrating { echo $n.addr $n.open_slots } }
                """)
        #expect(echoes == ["127.0.0.1:7000 5", "127.0.0.1:7001 5"])
    }

    @Test func mastersReplicasAndNodesOfTheDefaultClusterOrOfAnAddress() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                echo ${count(masters(127.0.0.1:7001))} ${count(replicas("127.0.0.1:7001"))} ${count(nodes(node(127.0.0.1:7001)))}
                connect 127.0.0.1:7002
                echo masters() replicas()
                echo node(127.0.0.1:7100).master
                """)
        #expect(
            echoes == [
                "3 3 6",
                "127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002 127.0.0.1:7100 127.0.0.1:7101 127.0.0.1:7102",
                "127.0.0.1:7000",
            ])
    }

    @Test("every declared node attribute is read from a node")
    func everyDeclaredAttributeIsRead() async {
        let harness = RuntimeHarness()
        let reads = NodeAttribute.allCases.map { "echo $n.\($0.rawValue)" }
        let echoes = await harness.echoes(of: "let n = node(127.0.0.1:7000)\n" + reads.joined(separator: "\n"))
        #expect(echoes.count == NodeAttribute.allCases.count)
        #expect(echoes.first == FakeClusterBackend.id(7000))
    }
}
