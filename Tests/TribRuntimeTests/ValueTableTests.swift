import Foundation
import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Lists of records as tables (`ValueTable`), `table(list, attr…)`, and values as JSON.
@Suite struct ValueTableTests {
    @Test func mapsGiveTheUnionOfTheirKeysAlignedInColumns() {
        let value = Value.list([.map(ValueMap([("a", .integer(1)), ("name", .string("x"))])), .map(ValueMap([("a", .integer(22)), ("extra", .nilValue)]))])
        let table = ValueTable(value)
        #expect(table?.columns == ["a", "name", "extra"])
        #expect(table?.lines == ["a   name  extra", "1   x     ", "22        "])
    }

    @Test func nodesAndRepliesHaveTheirColumnsOtherValuesNone() {
        let nodes = FakeClusterBackend.threeMasters
        let table = ValueTable(.list(ValueList(nodes.map { .node(NodeValue($0, cluster: nodes)) })))
        #expect(table?.columns == ValueTable.nodeColumns)
        #expect(table?.rows.count == 6)
        #expect(table?.rows[0].prefix(4) == ["127.0.0.1:7000", "master", "", "0-5460"])
        #expect(table?.rows[3].prefix(4) == ["127.0.0.1:7100", "replica", "127.0.0.1:7000", ""])
        let empties = Value.list([.map(ValueMap([])), .map(ValueMap([]))])
        for plain: Value in [.integer(1), .list([]), .list([.integer(1), .map(ValueMap([]))]), .list([.map(ValueMap([])), .integer(1)]), empties] {
            #expect(ValueTable(plain) == nil, "\(plain)")
        }
    }

    @Test("columns line up by display width: wide characters take two columns, combining marks none; controls are escaped")
    func displayWidthAndControls() async throws {
        let harness = RuntimeHarness()
        await harness.run(#"table([{k: "é", v: 1}, {k: "abc", v: 2}, {k: "日本", v: 3}, {k: "a\tb", v: 4}, {k: "x\ny", v: 5}])"#)
        let value = try #require(harness.log.values.last)
        let lines = try #require(ValueTable(value)).lines
        #expect(lines == ["k     v", "é     1", "abc   2", "日本  3", #"a\tb  4"#, #"x\ny  5"#])
        // `e` and a combining acute accent, and an emoji with its variation selector.
        let marks = Value.list([.map(ValueMap([("k", .string("e\u{301}")), ("v", .integer(1))])), .map(ValueMap([("k", .string("❤️x")), ("v", .integer(2))]))])
        let other = try #require(ValueTable(marks)).lines
        #expect(other == ["k    v", "e\u{301}    1", "❤️x  2"])
        // Every `v` starts at the same display column.
        for table in [lines, other] {
            #expect(Set(table.map { TerminalText.width(of: String($0.dropLast())) }).count == 1, "\(table)")
        }
    }

    @Test func aMapOnItsOwnIsATableOfItsEntries() {
        let map = Value.map(
            ValueMap([
                ("maxmemory", .integer(0)), ("maxmemory-policy", .string("noeviction")), ("nested", .map(ValueMap([("a", .list([.string("x")]))]))),
                ("none", .nilValue), ("line\nbreak", .string("a\r\nb")),
            ]))
        let table = ValueTable(map)
        #expect(table?.columns == ValueTable.entryColumns)
        #expect(
            table?.lines == [
                "key               value",
                "maxmemory         0",
                "maxmemory-policy  noeviction",
                #"nested            {a: ["x"]}"#,
                "none              ",
                #"line\nbreak       a\r\nb"#,
            ])
        #expect(ValueTable(.map(ValueMap([]))) == nil)
    }

    @Test func tablePicksAttributesInOrder() async {
        let harness = RuntimeHarness()
        await harness.run("table(masters(127.0.0.1:7000), \"port\", \"role\")")
        guard case .list(let rows)? = harness.log.values.last else {
            Issue.record("no list: \(harness.log.values)")
            return
        }
        #expect(rows.count == 3)
        #expect(rows.first == .map(ValueMap([("port", .integer(7000)), ("role", .string("master"))])))
        await assertRuntimeDiagnostics(
            "echo table(masters(127.0.0.1:7000), 1️⃣\"prot\")", [.init(.unknownAttribute, suggestion: "port")])
    }

    @Test func valuesBecomeJSON() throws {
        let value = Value.list([
            .integer(1), .string("a"), .nilValue, .boolean(true), .map(ValueMap([("k", .address(NodeAddress(host: "127.0.0.1", port: 7000)))])),
            .slots(SlotSet(0...3)),
        ])
        let data = try JSONSerialization.data(withJSONObject: value.jsonObject, options: [.sortedKeys])
        #expect(String(decoding: data, as: UTF8.self) == #"[1,"a",null,true,{"k":"127.0.0.1:7000"},"0-3"]"#)
    }
}
