import RESP
import RedisTrib
import Testing
import TribLanguage
import TribTestSupport

@testable import TribRuntime

/// Map values: literals, `.field` and `[key]`, `in`, `count`, iteration, equality, and the
/// diagnostics of a map used as something else.
@Suite struct MapTests {
    @Test func aMapLiteralKeepsItsKeysInOrderAndReadsByFieldOrKey() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                let m = {name: "a", count: 2, "two words": [1, 2], nested: {deep: true}, name: "b"}
                echo $m.name $m.count $m["two words"][1] $m.nested.deep count($m)
                echo ("count" in $m) ("nope" in $m)
                for k in $m { echo $k }
                let xy = {x: 1, y: 2}
                for k, v in $xy { echo "$k=$v" }
                for i, x in ["a", "b"] { echo $i $x }
                echo ({a: 1, b: [2]} == {a: 1, b: [2]}) ({a: 1} == {b: 1}) ({} == {})
                """)
        #expect(
            echoes == [
                "b 2 2 true 4", "true false", "name", "count", "two words", "nested", "x=1", "y=2", "0 a", "1 b", "true false true",
            ])
        await harness.run("{a: 1, \"b c\": \"x\", d: [nil]}")
        #expect(harness.log.values.last?.description == "{a: 1, \"b c\": \"x\", d: [nil]}")
    }

    @Test func aMapUsedAsSomethingElseIsReportedWhereItIs() async {
        await assertRuntimeDiagnostics("let m = {a: 1}\necho $m.1️⃣b", [.init(.unknownAttribute, message: "`a`")])
        await assertRuntimeDiagnostics("let m = {abc: 1}\necho $m[1️⃣\"abd\"]", [.init(.unknownAttribute, suggestion: "abc")])
        await assertRuntimeDiagnostics("let m = {a: 1}\necho $m[1️⃣0]", [.init(.typeMismatch, message: "string key")])
        await assertRuntimeDiagnostics("list 1️⃣({a: 1})", [.init(.typeMismatch, message: "a map cannot be a command argument")])
        await assertRuntimeDiagnostics("for a, b in 1️⃣1-3 { }", [.init(.typeMismatch, message: "map's entries")])
        await assertRuntimeDiagnostics("let k = 1\nlet m = {1️⃣\"${$k}\": 1}", [])
        await assertRuntimeDiagnostics("echo 1️⃣({a: 1} + 1)", [.init(.typeMismatch, message: "a map and an integer")])
    }

    @Test func aMapIsBoundedLikeAList() {
        let big = ValueMap((0..<10).map { ("key\($0)", Value.string(String(repeating: "x", count: 10))) })
        #expect(big.count == 10 && big["key3"] == .string("xxxxxxxxxx") && big["key10"] == nil)
        #expect(Value.map(big).sizeViolation() == nil)
        // A key counts as text: one key of more than 64 MiB is too much.
        let hugeKey = ValueMap([(String(repeating: "k", count: Value.maximumTextBytes + 1), Value.integer(1))])
        #expect(Value.map(hugeKey).sizeViolation()?.contains("64 MiB") == true)
    }
}
