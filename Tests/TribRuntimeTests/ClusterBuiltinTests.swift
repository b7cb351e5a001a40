import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// The exploring builtins on the fake cluster, which answers as Redis 7.0 does (no `CLUSTER SLOT-STATS`):
/// what each sends, and how the replies become values.
@Suite struct ClusterBuiltinTests {
    @Test func eachBuiltinSendsItsCommandAndShapesTheReply() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                connect 127.0.0.1:7000
                let i = info(127.0.0.1:7001)
                echo $i.server.redis_version ($i.server.uptime_in_seconds + 1) $i.keyspace.db0.keys count($i) info(127.0.0.1:7001, "server").redis_version
                let ci = call(127.0.0.1:7000, "CLUSTER", "INFO")
                echo $ci.cluster_state $ci.cluster_slots_assigned
                echo (config(127.0.0.1:7000, "maxmemory").maxmemory == 0) dbsize(node(127.0.0.1:7002))
                echo count_keys(5462) keys_in_slot(5462, 5)
                echo call(127.0.0.1:7000, "PING")
                let b = big_keys(127.0.0.1:7000, 1)
                echo $b[0].key $b[0].bytes count($b)
                """)
        #expect(echoes == ["7.0.15 13 5 2 7.0.15", "ok 16384", "true 42", "2 key0 key1", "PONG", "big 5000 1"])
        let lines = await harness.backend.commandLines
        // count_keys and keys_in_slot ask the master of the slot (5462 is 127.0.0.1:7001's).
        #expect(lines.contains("query 127.0.0.1:7001 CLUSTER COUNTKEYSINSLOT 5462"))
        #expect(lines.contains("query 127.0.0.1:7001 CLUSTER GETKEYSINSLOT 5462 5"))
        #expect(lines.contains("query 127.0.0.1:7001 INFO"))
        #expect(lines.contains("big_keys 127.0.0.1:7000 1"))
    }

    @Test func slotStatsFallsBackToCountingKeysWithoutSlotStats() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                connect 127.0.0.1:7000
                let stats = slot_stats()
                echo count($stats) $stats[0].slot $stats[0].keys $stats[0].node ("cpu_usec" in $stats[0])
                echo count(slot_stats(127.0.0.1:7002))
                """)
        #expect(echoes == ["16384 0 0 127.0.0.1:7000 false", "5461"])
    }

    @Test func aNodeIsNamedByItsIDToo() async {
        // The fake's ids are all digits (`7001…`): a prefix of them reads as an integer, and still names the node.
        #expect(
            await RuntimeHarness().echoes(of: "connect 127.0.0.1:7000\necho node(70017001).port addr(\"70027002\") dbsize(700070007000)")
                == ["7001 127.0.0.1:7002 42"])
        await assertRuntimeDiagnostics(
            "connect 127.0.0.1:7000\necho node(1️⃣abcdef12)",
            [.init(.invalidArguments, message: "no node of the cluster of 127.0.0.1:7000 has an id starting with 'abcdef12'")])
        await assertRuntimeDiagnostics("echo node(1️⃣abcdef12)", [.init(.noDefaultCluster, message: "use `connect ADDR` first")])
        // A node matches its address, also written as a string.
        #expect(
            await RuntimeHarness().echoes(
                of:
                    "echo (node(127.0.0.1:7001) == \"127.0.0.1:7001\") (\"127.0.0.1:7001\" == node(127.0.0.1:7001)) (node(127.0.0.1:7001) == \"127.0.0.1:7000\")"
            ) == ["true true false"])
        // Too short for an id: an address was wanted.
        await assertRuntimeDiagnostics("connect 127.0.0.1:7000\necho node(1️⃣abcdef)", [.init(.typeMismatch)])
    }

    @Test func checkInCallFormGivesItsFindingsAsMaps() async {
        let harness = RuntimeHarness()
        #expect(await harness.echoes(of: "connect 127.0.0.1:7000\necho count(check())") == ["0"])
        var nodes = FakeClusterBackend.threeMasters
        nodes[2].slots = SlotSet(10923...16000)
        await harness.backend.setNodes(nodes)
        let echoes = await harness.echoes(
            of: """
                def is_error(x) { return $x.severity == "error" }
                let f = check()[0]
                echo $f.severity $f.kind $f.slots $f.nodes[0] count($f.nodes) count(check(127.0.0.1:7001))
                echo $f.text
                echo count(filter(check(), is_error))
                """)
        #expect(echoes == ["error uncovered-slots 16001-16383 127.0.0.1:7000 1 1", "[ERR] 383 slot(s) have no owner: 16001-16383", "1"])
    }

    @Test func bigKeysWarnsWhenItDidNotReadEveryKey() async throws {
        let harness = RuntimeHarness()
        #expect(await harness.echoes(of: "echo count(big_keys(127.0.0.1:7000))") == ["2"])
        #expect(harness.log.diagnostics.isEmpty)
        // 2 keys of 1,000 read: the value still comes, with a warning at the call; the script goes on.
        #expect(await harness.echoes(of: "let b = big_keys(127.0.0.1:7001, 1)\necho $b[0].key") == ["big"])
        let warning = try #require(harness.log.diagnostics.first)
        #expect(warning.id == .sampleIncomplete)
        #expect(warning.severity == .warning)
        #expect(
            warning.message
                == "big_keys read 2 of the 1,000 keys of 127.0.0.1:7001 (it reads for at most 2 s or 100,000 keys): a bigger key may be among the others")
        #expect(warning.range.start.line == 1)
    }

    @Test func anErrorReplyFailsNamingTheNodeAndIsCaught() async {
        await assertRuntimeDiagnostics(
            "echo 1️⃣call(127.0.0.1:7000, \"NOPE\")", [.init(.operationFailed, message: "127.0.0.1:7000: NOPE: ERR unknown command 'NOPE'")])
        #expect(await RuntimeHarness().echoes(of: "try { call(127.0.0.1:7000, \"NOPE\") } catch e { echo $e.code $e.node }") == ["node-error 127.0.0.1:7000"])
        await assertRuntimeDiagnostics("echo 1️⃣call(127.0.0.1:7000)", [.init(.invalidArguments, message: "needs a command")])
        await assertRuntimeDiagnostics("echo count_keys(1️⃣16384)", [.init(.invalidSlot)])
        await assertRuntimeDiagnostics("echo 1️⃣count_keys(1)", [.init(.noDefaultCluster, message: "first (`count_keys` asks the default cluster)")])
        await assertRuntimeDiagnostics(
            "echo info(127.0.0.1:7000, 1️⃣\"--map\")", [.init(.invalidArguments, message: "the report of the command `info` is its statement: `info NODE --map`")]
        )
        await assertRuntimeDiagnostics(
            "echo info(127.0.0.1:7000, 1️⃣\"nosuch\")", [.init(.invalidArguments, message: "127.0.0.1:7000 has no INFO section `nosuch`")])
        await assertRuntimeDiagnostics("connect 127.0.0.1:7000\necho keys_in_slot(1, 1️⃣0)", [.init(.invalidArguments, message: "above 0")])
    }
}
