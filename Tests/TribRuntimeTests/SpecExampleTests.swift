import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// The example at the top of docs/LANGUAGE.md, read from there and run against the fake cluster.
@Suite struct SpecExampleTests {

    @Test func theExampleRunsAndEchoes() async throws {
        let harness = RuntimeHarness()
        let succeeded = await harness.run(try LanguageDocument.exampleScript())
        #expect(succeeded, "\(harness.log.diagnostics)")
        #expect(
            harness.log.echoes == [
                "127.0.0.1:7000 has 5355 slots", "ok",
                "127.0.0.1:7001 has 5568 slots", "ok",
                "127.0.0.1:7002 has 5461 slots", "ok",
            ])
    }

    @Test func theExampleCallsTheBackendWithTheCLIWords() async throws {
        let harness = RuntimeHarness()
        await harness.run(try LanguageDocument.exampleScript())
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

    @Test func theExampleLeavesTheSessionReadyForCompletion() async throws {
        let harness = RuntimeHarness()
        await harness.run(try LanguageDocument.exampleScript())
        #expect(harness.interpreter.defaultCluster == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(harness.interpreter.variableNames == ["args", "dst", "moving", "src"])
        #expect(harness.interpreter.knownNodes.count == 6)
        let nodes = await harness.backend.nodes
        #expect(nodes.count == 9)
        #expect(nodes[0].slots.description == "1 3 8-99 200-5460")
    }
}
