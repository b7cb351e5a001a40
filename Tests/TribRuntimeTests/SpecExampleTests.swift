import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime

/// The example at the top of docs/LANGUAGE.md, run against the fake cluster.
@Suite struct SpecExampleTests {
    static let script = """
        connect 127.0.0.1:7000              # the default cluster for what follows (checked: run `list` on it)
        let src = 127.0.0.1:7000            # addresses, ints, strings, slot sets, nodes and lists are values
        let dst = node(127.0.0.1:7001)
        migrate_slots $src $dst 0 2 4-7     # every redis-trib command is a statement, with the CLI's arguments
        let moving = 100-199                # a slot range literal is a value
        migrate_slots $src $dst $moving
        for n in masters() {                # masters(), replicas(), nodes() of the default cluster, or masters(ADDR)
            echo "$n.addr has ${count($n.slots)} slots"
            if $n.role == "master" && count($n.slots) == 0 { echo "empty: $n.id" } else { echo "ok" }
        }
        for port in 7003-7005 { join_no_load $src 127.0.0.1:$port }
        """

    @Test func theExampleRunsAndEchoes() async {
        let harness = RuntimeHarness()
        let succeeded = await harness.run(Self.script)
        #expect(succeeded, "\(harness.log.diagnostics)")
        #expect(
            harness.log.echoes == [
                "127.0.0.1:7000 has 5355 slots", "ok",
                "127.0.0.1:7001 has 5568 slots", "ok",
                "127.0.0.1:7002 has 5461 slots", "ok",
            ])
    }

    @Test func theExampleCallsTheBackendWithTheCLIWords() async {
        let harness = RuntimeHarness()
        await harness.run(Self.script)
        #expect(
            await harness.backend.commandLines == [
                "list 127.0.0.1:7000",
                "list 127.0.0.1:7001",
                "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7",
                "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 100-199",
                "list 127.0.0.1:7000",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7003",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7004",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7005",
            ])
        #expect(
            harness.log.outputCommands == [
                "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7",
                "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 100-199",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7003",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7004",
                "join_no_load 127.0.0.1:7000 127.0.0.1:7005",
            ])
    }

    @Test func theExampleLeavesTheSessionReadyForCompletion() async {
        let harness = RuntimeHarness()
        await harness.run(Self.script)
        #expect(harness.interpreter.defaultCluster == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(harness.interpreter.variableNames == ["args", "dst", "moving", "src"])
        #expect(harness.interpreter.knownNodes.count == 6)
        let nodes = await harness.backend.nodes
        #expect(nodes.count == 9)
        #expect(nodes[0].slots.description == "1 3 8-99 200-5460")
    }
}
