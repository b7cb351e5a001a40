import NIOCore
import RESP
import Testing

@testable import RedisTrib

@Suite("ClusterInfo")
struct ClusterInfoTests {
    static let a = Disagreement.NodeReference(id: String(repeating: "a", count: 40), address: NodeAddress(host: "127.0.0.1", port: 7000))
    static let b = Disagreement.NodeReference(id: String(repeating: "b", count: 40), address: NodeAddress(host: "127.0.0.1", port: 7001))
    static let c = Disagreement.NodeReference(id: String(repeating: "c", count: 40), address: NodeAddress(host: "127.0.0.1", port: 7002))
    static let replica = Disagreement.NodeReference(id: String(repeating: "d", count: 40), address: NodeAddress(host: "127.0.0.1", port: 7003))

    /// Three masters: a owns 0-8191 with 100 keys in slot 0 and 50 in slot 300, slot 5000 open;
    /// b owns 8192-16000 with no keys; c is unreachable and owns 16001-16382; 16383 is uncovered.
    static func report() -> ClusterInfoReport {
        var keys = Array(repeating: 0, count: HashSlot.count)
        keys[0] = 100
        keys[300] = 50
        keys[16383] = 7  // no owner: a key there is nobody's and counts in no cell
        return ClusterInfoReport(
            masters: [
                MasterInfo(
                    node: a, slots: SlotSet(0...8191), replicas: [replica],
                    reading: .read(keys: 150, memoryUsed: 2048, openSlots: [HashSlot(uncheckedValue: 5000)])),
                MasterInfo(node: b, slots: SlotSet(8192...16000), replicas: [], reading: .read(keys: 0, memoryUsed: 1024, openSlots: SlotSet())),
                MasterInfo(node: c, slots: SlotSet(16001...16382), replicas: [], reading: .unreachable(reason: "connection refused")),
            ],
            slotKeys: keys
        )
    }

    @Test("the totals count the masters that answered, every slot some master owns, every replica")
    func totals() {
        let report = Self.report()
        #expect(report.totalKeys == 150)
        #expect(report.totalMemoryUsed == 3072)
        #expect(report.coveredSlots == SlotSet(0...16382))
        #expect(report.uncoveredSlots == SlotSet(16383...16383))
        #expect(report.openSlots == SlotSet(5000...5000))
        #expect(report.replicaCount == 1)
        #expect(report.unreachableCount == 1)
        #expect(report.keysPerSlot == 150.0 / 16383.0)
        #expect(ClusterInfoReport(masters: []).keysPerSlot == 0)
    }

    @Test("64 cells of 256 slots: a master's share of each run, open before keys, unread where it could not be read")
    func cells() {
        let grid = SlotMapGrid(Self.report(), cellCount: 64)
        #expect(grid.slotsPerCell == 256)
        #expect(grid.rows.map(\.master) == [Self.a, Self.b, Self.c])
        #expect(grid.rows.allSatisfy { $0.cells.count == 64 })
        let a = grid.rows[0].cells
        #expect(a[0] == .owned(keys: 100))
        #expect(a[1] == .owned(keys: 50))
        #expect(a[2] == .owned(keys: 0))
        #expect(a[19] == .open)  // slot 5000 is in 4864-5119
        #expect(a[31] == .owned(keys: 0))
        #expect(a[32] == .notOwned)
        let b = grid.rows[1].cells
        #expect(b[31] == .notOwned)
        #expect(b[32] == .owned(keys: 0))
        #expect(b[62] == .owned(keys: 0))  // 15872-16127: b owns 15872-16000
        let c = grid.rows[2].cells
        #expect(c[61] == .notOwned)
        #expect(c[62] == .unread)  // c owns 16001-16127 of that run too
        #expect(c[63] == .unread)
        #expect(grid.uncovered == Array(repeating: false, count: 63) + [true])
        #expect(grid.maximumKeys == 100)
    }

    @Test("cells that do not divide the slots: the last run is shorter, and every slot is in one cell", arguments: [1, 3, 100, 128, 16384])
    func uneven(cellCount: Int) {
        var keys = Array(repeating: 0, count: HashSlot.count)
        keys[HashSlot.count - 1] = 1
        let report = ClusterInfoReport(
            masters: [MasterInfo(node: Self.a, slots: .all, replicas: [], reading: .read(keys: 1, memoryUsed: 0, openSlots: SlotSet()))],
            slotKeys: keys
        )
        let grid = SlotMapGrid(report, cellCount: cellCount)
        let cells = grid.rows[0].cells
        #expect(cells.count == (HashSlot.count + grid.slotsPerCell - 1) / grid.slotsPerCell)
        #expect(cells.count <= cellCount)
        #expect(cells.last == .owned(keys: 1))
        #expect(grid.maximumKeys == 1)
    }

    @Test("shades: none is 0, any key at least 1, the most keys the top shade; the legend's ranges invert them")
    func levels() {
        #expect(SlotMapGrid.level(of: 0, maximum: 100, levels: 8) == 0)
        #expect(SlotMapGrid.level(of: 1, maximum: 100, levels: 8) == 1)
        #expect(SlotMapGrid.level(of: 12, maximum: 100, levels: 8) == 1)
        #expect(SlotMapGrid.level(of: 13, maximum: 100, levels: 8) == 2)
        #expect(SlotMapGrid.level(of: 100, maximum: 100, levels: 8) == 8)
        #expect(SlotMapGrid.level(of: 500, maximum: 100, levels: 8) == 8)
        for maximum in [1, 3, 8, 100, 1001] {
            for keys in 1...maximum {
                let level = SlotMapGrid.level(of: keys, maximum: maximum, levels: 8)
                #expect(SlotMapGrid.keys(atLevel: level, maximum: maximum, levels: 8)?.contains(keys) == true, "\(keys) of \(maximum)")
            }
        }
        #expect(SlotMapGrid.keys(atLevel: 1, maximum: 3, levels: 8) == nil)
        #expect(SlotMapGrid.keys(atLevel: 8, maximum: 3, levels: 8) == 3...3)
    }

    @Test("CLUSTER SLOT-STATS: key-count of each slot, from RESP2 lists and RESP3 maps; anything else is an unexpected reply")
    func slotStats() throws {
        let node = NodeAddress(host: "127.0.0.1", port: 7000)
        func text(_ string: String) -> RESPValue { .bulkString(ByteBuffer(string: string)) }
        let resp2 = RESPValue.array([
            .array([.integer(0), .array([text("key-count"), .integer(3), text("cpu-usec"), .integer(9)])]),
            .array([.integer(16383), .array([text("key-count"), .integer(0)])]),
        ])
        #expect(try NodeClient.slotStatsKeyCounts(resp2, node: node) == [HashSlot(uncheckedValue: 0): 3, HashSlot(uncheckedValue: 16383): 0])
        let resp3 = RESPValue.array([.array([.integer(5), .map([RESPMapEntry(key: text("key-count"), value: .integer(7))])])])
        #expect(try NodeClient.slotStatsKeyCounts(resp3, node: node) == [HashSlot(uncheckedValue: 5): 7])
        let bad: [RESPValue] = [
            text("OK"),
            .array([.array([.integer(16384), .array([text("key-count"), .integer(1)])])]),
            .array([.array([.integer(1), .array([text("cpu-usec"), .integer(1)])])]),
            .array([.array([.integer(1), .array([text("key-count"), .integer(-1)])])]),
            .array([.array([.integer(1)])]),
        ]
        for reply in bad {
            #expect(throws: TribError.self) { try NodeClient.slotStatsKeyCounts(reply, node: node) }
        }
    }
}
