import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Command statements and calls: values into command-line words, the default cluster, the
/// catalog's argument check, and what a call returns.
@Suite struct CommandStatementTests {
    static let prelude = "let src = 127.0.0.1:7000\nlet dst = node(127.0.0.1:7001)\n"

    /// Runs the prelude and `statement`; the command lines the backend saw after the prelude.
    func backendCalls(_ statement: String, harness: RuntimeHarness = RuntimeHarness()) async -> [String] {
        let succeeded = await harness.run(Self.prelude + statement)
        #expect(succeeded, "\(harness.log.diagnostics)")
        return Array(await harness.backend.commandLines.dropFirst())
    }

    @Test(arguments: [
        ("migrate_slots $src $dst 0 2 4-7", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7"),
        ("migrate_slots $src $dst [0, 2, 4-7]", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7"),
        ("let s = [0, 2, 4-7]; migrate_slots $src $dst $s", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7"),
        ("migrate_slots $src $dst slots(0-3, 9)", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0-3 9"),
        ("migrate_slots $src $dst.addr 0 --replace", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --replace"),
        ("migrate_slots --keys-per-batch 20000 $src $dst 0", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --keys-per-batch 20000"),
        ("migrate $src \"127.0.0.1:7001\" 0-1", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0-1"),
        ("migrate_slots --src-addr $src --dst-addr $dst 5", "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 5"),
        ("join_no_load $src 127.0.0.1:${7000 + 3}", "join_no_load 127.0.0.1:7000 127.0.0.1:7003"),
    ])
    func argumentsBecomeTheCLIWords(statement: String, expected: String) async {
        #expect(await backendCalls(statement) == [expected])
    }

    @Test func theOutputEventCarriesTheCanonicalCommandLine() async {
        let harness = RuntimeHarness()
        await harness.run(Self.prelude + "migrate $src $dst [0, 2] 4-7 --replace\nexecute $src SET key \"a b\"")
        #expect(
            harness.log.outputCommands == [
                "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 2 4-7 --replace",
                "execute 127.0.0.1:7000 SET key \"a b\"",
            ])
        let running = harness.log.events.compactMap { if case .running(let line) = $0 { line } else { nil } }
        #expect(running.first == "list 127.0.0.1:7001")
        #expect(running.count == 3)
    }

    @Test func theDefaultClusterFillsInTheClusterNode() async {
        let harness = RuntimeHarness()
        let succeeded = await harness.run(
            """
            connect 127.0.0.1:7001
            list
            masters
            nodes
            execute PING
            execute --masters-only CONFIG GET maxmemory
            execute 127.0.0.1:7002 PING
            join_no_load 127.0.0.1:7003
            join_no_load --new-addr 127.0.0.1:7004
            fix
            list 127.0.0.1:7002
            """)
        #expect(succeeded, "\(harness.log.diagnostics)")
        #expect(
            await harness.backend.commandLines == [
                "list 127.0.0.1:7001",
                "list 127.0.0.1:7001",
                "masters 127.0.0.1:7001",
                "list 127.0.0.1:7001",
                "execute 127.0.0.1:7001 PING",
                "execute 127.0.0.1:7001 CONFIG GET maxmemory --masters-only",
                "execute 127.0.0.1:7002 PING",
                "join_no_load 127.0.0.1:7001 127.0.0.1:7003",
                "join_no_load 127.0.0.1:7001 127.0.0.1:7004",
                "fix 127.0.0.1:7001",
                "list 127.0.0.1:7002",
            ])
        let connected = harness.log.events.compactMap { if case .connected(let address, let nodes) = $0 { (address, nodes.count) } else { nil } }
        #expect(connected.map(\.0) == [NodeAddress(host: "127.0.0.1", port: 7001)])
        #expect(connected.map(\.1) == [6])
    }

    @Test func migrateSlotsGetsNoDefaultSource() async {
        await assertRuntimeDiagnostics(
            "connect 127.0.0.1:7000\nmigrate_slots 127.0.0.1:7001 1️⃣0",
            [.init(.invalidArguments, message: "DST: '0' is not a node address")]
        )
    }

    @Test func aCallReturnsTheOutputAsAValueAndSendsNoOutputEvent() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: Self.prelude
                + """
                let r = migrate_slots($src, $dst, 0-7, --replace)
                echo $r
                let ms = masters(127.0.0.1:7000)
                echo ${count($ms)} $ms[1].addr
                let all = list(127.0.0.1:7000)
                echo ${count($all)} ${count(connect(127.0.0.1:7002))}
                """)
        #expect(echoes == ["8 slot(s) moved", "3 127.0.0.1:7001", "6 6"])
        #expect(harness.log.outputCommands.isEmpty)
        #expect(harness.interpreter.defaultCluster == NodeAddress(host: "127.0.0.1", port: 7002))
    }

    @Test func aBuiltinUsedAsAStatementSendsItsValue() async {
        let harness = RuntimeHarness()
        await harness.run("node 127.0.0.1:7000\nmasters 127.0.0.1:7000")
        guard case .node(let node) = harness.log.values.first else {
            Issue.record("no node value: \(harness.log.events)")
            return
        }
        #expect(node.node.address == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(harness.log.outputCommands == ["masters 127.0.0.1:7000"])
    }

    @Test func knownNodesCollectEveryNodeSeen() async {
        let harness = RuntimeHarness()
        #expect(harness.interpreter.knownNodes.isEmpty)
        await harness.run("join_no_load 127.0.0.1:7000 127.0.0.1:7003\nconnect 127.0.0.1:7000")
        #expect(harness.interpreter.knownNodes.map { $0.address?.port ?? 0 } == [7000, 7001, 7002, 7100, 7101, 7102, 7003])
    }
}
