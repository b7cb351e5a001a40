import RESP
import Testing

@testable import RedisTrib

@Suite("ClusterTopology")
struct ClusterTopologyTests {
    @Test("owner(of:) finds the master serving each slot", arguments: CapturedServer.all)
    func owners(server: CapturedServer) throws {
        let topology = try server.topology("replicas")
        let expected = [(0, 1), (5460, 1), (5461, 2), (10922, 2), (10923, 3), (16383, 3)]
        for (slot, number) in expected {
            #expect(topology.owner(of: try HashSlot(slot))?.address == server.address(ofNode: number))
        }
        #expect(topology.coveredSlots == SlotSet.all)
        #expect(topology.uncoveredSlots.isEmpty)
    }

    @Test("lookups by ID and address; masters and replicas in reply order", arguments: CapturedServer.all)
    func lookups(server: CapturedServer) throws {
        let topology = try server.topology("replicas")
        for node in topology.nodes {
            #expect(topology.node(id: node.id) == node)
            if let address = node.address {
                #expect(topology.node(at: address) == node)
            }
        }
        #expect(topology.node(id: "none") == nil)
        #expect(topology.node(at: NodeAddress(host: "127.0.0.1", port: 1)) == nil)
        #expect(topology.masters.map(\.id) == topology.nodes.filter { $0.role == .master }.map(\.id))
        #expect(topology.replicas(of: "0000000000000000000000000000000000000000").isEmpty)
        let myself = try #require(topology.myself)
        #expect(topology.replicas(of: myself.id).allSatisfy { $0.masterID == myself.id })
    }

    @Test("coverage with holes, and open slots across nodes")
    func coverage() throws {
        let text = """
            4750ee80fa3ce02462b8545b743da5223657711a 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-100 [100->-ccc6d9d0b2f3daf1c5672be010133b13c19f2f1f]
            ccc6d9d0b2f3daf1c5672be010133b13c19f2f1f 127.0.0.1:7001@17001 master - 0 0 2 connected 200-16383 [150-<-042ebb699a505b46859488bc933b7a785cc65e5e]
            """
        let topology = try ClusterTopology(parsing: text)
        #expect(topology.uncoveredSlots.description == "101-199")
        #expect(!topology.coversAllSlots)
        #expect(topology.openSlots.description == "100 150")
        #expect(topology.owner(of: try HashSlot(150)) == nil)
        #expect(topology.failedNodes.isEmpty)
        #expect(ClusterTopology(nodes: []).myself == nil)
        #expect(ClusterTopology(nodes: []).uncoveredSlots == SlotSet.all)
    }
}
