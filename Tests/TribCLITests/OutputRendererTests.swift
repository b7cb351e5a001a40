import Foundation
import RESP
import Testing
import TribShell

@testable import RedisTrib  // NodeReply's memberwise initializer
@testable import TribCLI
@testable import TribCommands  // the sentences of CommandCatalog+Results

struct OutputRendererTests {
    static let json = OutputRenderer(json: true, colour: false)
    static let text = OutputRenderer(json: false, colour: false)

    static let a = NodeAddress(host: "127.0.0.1", port: 7000)
    static let b = NodeAddress(host: "127.0.0.1", port: 7001)
    static let c = NodeAddress(host: "::1", port: 7002)
    static let d = NodeAddress(host: "127.0.0.1", port: 7006)

    /// What each command answers, from fixed values: a command that is done answers the sentence it builds.
    static let samples: [String: CommandOutput] = [
        "start": .done(CommandCatalog.startText(a)),
        "start_multi": .layout(layout(applied: true)),
        "add_node": .done(CommandCatalog.replicateChosenText(master: b, replica: d)),
        "join": .done(CommandCatalog.joinText(d, MigrationSummary(slots: 4096, slotsTotal: 4096, keys: 125_000, elapsed: 2.5, completed: true))),
        "join_no_load": .done(CommandCatalog.joinNoLoadText(d)),
        "replicate": .done(CommandCatalog.replicateText(master: a, replica: d)),
        "quit": .done(CommandCatalog.quitText(c, MigrationSummary(slots: 5461, slotsTotal: 5461, keys: 0, elapsed: 1, completed: true))),
        "shutdown": .done(CommandCatalog.shutdownText(a)),
        "forget": .done(
            CommandCatalog.forgetText(
                ForgetResult(nodeID: SampleNodes.masterC.id, address: c, toldNodes: [a, b, d], rounds: 1, wasAlive: false), in: a
            )
        ),
        "del_node": .done(
            CommandCatalog.deleteNodeText(
                .forgotten(ForgetResult(nodeID: SampleNodes.masterC.id, address: c, toldNodes: [a, b, d], rounds: 1, wasAlive: false)), in: a
            )
        ),
        "fix": .fix(fixPlan),
        "rebalance": .slotPlan(rebalancePlan),
        "reshard": .slotPlan(reshardPlan),
        "migrate_slots": .done(
            CommandCatalog.movedSlotsText(SlotMigrationResult(moved: SlotSet(0...99), keysMoved: 5000, alreadyOnTarget: SlotSet(100...109)), from: a, to: b)
        ),
        "rescue": .done(CommandCatalog.rescueText(d)),
        "sandbox": .done(Sandbox.startedText([a, b, c, d], in: "/home/user/.redis-trib/sandbox")),
        "list": .nodes(SampleNodes.all, myself: SampleNodes.masterA),
        "masters": .nodes([SampleNodes.masterA, SampleNodes.masterB, SampleNodes.masterC], myself: SampleNodes.masterA),
        "check": .check(checkReport),
        "info": .info(infoReport(slotKeys: false)),
        "execute": .replies([
            NodeReply(node: SampleNodes.masterA, result: .success(.integer(42))),
            NodeReply(node: SampleNodes.masterB, result: .success(.array([.integer(1), .null, .boolean(true), .double(.infinity)]))),
            NodeReply(node: SampleNodes.masterC, result: .success(NodeReply.notSent)),
            NodeReply(node: SampleNodes.handshaking, result: .failure(TribError(.nodeError, "connection refused (nothing listens there)"))),
        ]),
    ].merging(archiveSamples) { first, _ in first }

    /// A `create --replicas 1` layout of 2 masters on two hosts, one named, one replica in its master's zone and
    /// one extra replica on its master's host.
    static func layout(applied: Bool) -> ClusterLayout {
        let named = LayoutNode(address: NodeAddress(host: "localhost", port: 7000), host: "127.0.0.1", zone: "a")
        let second = LayoutNode(address: NodeAddress(host: "127.0.0.2", port: 7001), host: "127.0.0.2", zone: "b")
        let replicaA = LayoutNode(address: NodeAddress(host: "127.0.0.2", port: 7002), host: "127.0.0.2", zone: "a")
        let replicaB = LayoutNode(address: NodeAddress(host: "127.0.0.1", port: 7003), host: "127.0.0.1", zone: "c")
        let extra = LayoutNode(address: NodeAddress(host: "127.0.0.2", port: 7004), host: "127.0.0.2", zone: "c")
        let shards = [
            ClusterLayout.Shard(master: named, slots: SlotSet(0...8191), replicas: [replicaA]),
            ClusterLayout.Shard(master: second, slots: SlotSet(8192...16383), replicas: [replicaB, extra]),
        ]
        return ClusterLayout(shards: shards, warnings: shards.flatMap(LayoutPlanner.warnings), applied: applied)
    }

    @Test("create's layout as the event printer shows it before the work, and a dry run's text and JSON, match their golden file")
    func layoutOutput() {
        let planned = Self.layout(applied: false)
        let rendered = [Self.text.formatted(.layout(planned), command: "create"), Self.json.formatted(.layout(planned), command: "create")]
        let lines = CommandCatalog.layoutLines(planned) + rendered
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-create-layout.txt")
    }

    /// The three masters of ``SampleNodes``, as `check` names them.
    static let references = [SampleNodes.masterA, SampleNodes.masterB, SampleNodes.masterC].map {
        Disagreement.NodeReference(id: $0.id, address: $0.address)
    }

    /// A `fix` plan of two repairs, made.
    static let fixPlan = FixPlan(
        repairs: [
            FixRepair(
                .assignUncoveredSlots, "slot(s) 100-199 have no owner: \(references[1]) holds 7 key(s) of them and takes them (ADDSLOTS, then BUMPEPOCH)",
                nodes: [references[1]], slots: SlotSet(100...199), keys: 7, action: .assign(slots: SlotSet(100...199), keeper: references[1].id)),
            FixRepair(
                .moveStrayKeys,
                "\(references[2]) holds 2 key(s) of slot(s) 150, whose keeper is \(references[1]): they move into \(references[1])",
                nodes: [references[2], references[1]], slots: SlotSet(150...150), keys: 2,
                action: .moveKeys(slots: SlotSet(150...150), source: references[2].id, keeper: references[1].id, sourceOwns: SlotSet())),
        ],
        applied: true)

    /// A `check` report with one finding of each severity.
    static let checkReport = ClusterCheckReport(
        checkedNodes: [a, b, c],
        findings: [
            CheckFinding(
                .loneImporting,
                "\(references[1]) has slot 100 IMPORTING from \(references[2]), but \(references[2]) does not have it MIGRATING to \(references[1])",
                nodes: [references[1], references[2]], slots: SlotSet(100...100)
            ),
            CheckFinding(
                .masterWithoutReplica, "\(references[0]) serves slots 0-5460 and has no replica", nodes: [references[0]],
                slots: SampleNodes.masterA.slots
            ),
        ]
    )

    @Test("a healthy check report, as JSON and text, matches its golden file; the text ends with [OK] and the counts")
    func healthyCheck() throws {
        let healthy = ClusterCheckReport(checkedNodes: Self.checkReport.checkedNodes, findings: Array(Self.checkReport.findings.suffix(1)))
        let lines = [Self.json.formatted(.check(healthy), command: "check"), Self.text.formatted(.check(healthy), command: "check")]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-check-healthy.txt")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["healthy"] as? Bool == true)
        #expect(lines[1].hasSuffix("\n[OK] 3 nodes checked: no errors, 1 warning"))
        #expect(!CommandOutput.check(healthy).isFailure)
    }

    @Test("a check report with an error is a failure: [ERR] per error, [WARNING] per warning, an [ERR] summary")
    func failingCheck() throws {
        let text = Self.text.formatted(.check(Self.checkReport), command: "check").split(separator: "\n")
        #expect(text.map { $0.prefix { $0 != " " } } == ["[ERR]", "[WARNING]", "[ERR]"])
        #expect(text.last == "[ERR] 3 nodes checked: 1 error, 1 warning")
        #expect(CommandOutput.check(Self.checkReport).isFailure)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.json.formatted(.check(Self.checkReport), command: "check").utf8)) as? [String: Any]
        )
        #expect(object["healthy"] as? Bool == false)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["severity"] as? String } == ["error", "warning"])
        #expect(findings.map { $0["kind"] as? String } == ["lone-importing", "master-without-replica"])
        #expect(findings.first?["slots"] as? String == "100")
        let nodes = try #require(findings.first?["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["address"] as? String } == ["127.0.0.1:7001", "[::1]:7002"])
    }

    /// An `info` report: a master with keys in slots 0 and 300 and a replica, slot 5000 open on it;
    /// one without keys; one that could not be read; slot 16383 owned by none. With `slotKeys`, the
    /// keys of every slot, as `info --map` reads them.
    static func infoReport(slotKeys: Bool) -> ClusterInfoReport {
        var keys = Array(repeating: 0, count: HashSlot.count)
        keys[0] = 1200
        keys[300] = 150
        keys[9000] = 1
        return ClusterInfoReport(
            masters: [
                MasterInfo(
                    node: references[0], slots: SlotSet(0...8191), replicas: [Disagreement.NodeReference(id: SampleNodes.replicaA.id, address: d)],
                    reading: .read(keys: 1350, memoryUsed: 1_258_291, openSlots: [HashSlot(uncheckedValue: 5000)])
                ),
                MasterInfo(node: references[1], slots: SlotSet(8192...16000), replicas: [], reading: .read(keys: 1, memoryUsed: 900, openSlots: SlotSet())),
                MasterInfo(node: references[2], slots: SlotSet(16001...16382), replicas: [], reading: .unreachable(reason: "connection refused")),
            ],
            slotKeys: slotKeys ? keys : nil
        )
    }

    @Test("info: a line per master with keys, slots, replicas and memory, one for a master not read, then the totals")
    func infoText() throws {
        let lines = Self.text.formatted(.info(Self.infoReport(slotKeys: false)), command: "info").split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("127.0.0.1:7000 ("))
        #expect(lines[0].hasSuffix(")  1350 keys | 8192 slots | 1 replica | 1.2M used"))
        #expect(lines[1].hasSuffix(")  1 key | 7809 slots | no replicas | 900B used"))
        #expect(lines[2].hasPrefix("[::1]:7002 (") && lines[2].hasSuffix(")      unreachable: connection refused"))
        #expect(lines[3] == "total: 1351 keys, 16383 slots covered, 3 masters, 1 replica, 1.2M used (1 master not read)")
        #expect(lines[4] == "0.08 keys per slot on average")
        #expect(!CommandOutput.info(Self.infoReport(slotKeys: false)).isFailure)
    }

    @Test("info --json: the masters with their fields, null where a master was not read, the totals; the map only with --map")
    func infoJSON() throws {
        let plain = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.json.formatted(.info(Self.infoReport(slotKeys: false)), command: "info").utf8)) as? [String: Any]
        )
        #expect(plain["map"] == nil)
        let masters = try #require(plain["masters"] as? [[String: Any]])
        #expect(masters.map { $0["address"] as? String } == ["127.0.0.1:7000", "127.0.0.1:7001", "[::1]:7002"])
        #expect(masters.map { $0["keys"] as? Int } == [1350, 1, nil])
        #expect(masters[2]["keys"] is NSNull)
        #expect(masters.map { $0["reachable"] as? Bool } == [true, true, false])
        #expect(masters[2]["error"] as? String == "connection refused")
        #expect(masters.map { $0["slot_count"] as? Int } == [8192, 7809, 382])
        #expect(masters.map { $0["replica_count"] as? Int } == [1, 0, 0])
        #expect((masters[0]["replicas"] as? [[String: Any]])?.map { $0["address"] as? String } == ["127.0.0.1:7006"])
        #expect(masters.map { $0["memory_used"] as? Int } == [1_258_291, 900, nil])
        #expect(masters[0]["open_slots"] as? String == "5000")
        let totals = try #require(plain["totals"] as? [String: Any])
        #expect(totals["keys"] as? Int == 1351)
        #expect(totals["slots_covered"] as? Int == 16383)
        #expect(totals["masters"] as? Int == 3)
        #expect(totals["unreachable_masters"] as? Int == 1)
        #expect(totals["replicas"] as? Int == 1)
        #expect(totals["memory_used"] as? Int == 1_259_191)
        #expect(abs((totals["keys_per_slot"] as? Double ?? 0) - 1351.0 / 16383.0) < 1e-9)
        let mapped = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.json.formatted(.info(Self.infoReport(slotKeys: true)), command: "info").utf8)) as? [String: Any]
        )
        let map = try #require(mapped["map"] as? [String: Any])
        let slotKeys = try #require(map["slot_keys"] as? [Int])
        #expect(slotKeys.count == 16384)
        #expect(slotKeys[0] == 1200 && slotKeys[300] == 150 && slotKeys.reduce(0, +) == 1351)
        #expect(map["open"] as? String == "5000")
        #expect(map["uncovered"] as? String == "16383")
    }

    @Test("info --map matches its golden file: ASCII when not a terminal, ANSI blocks when colouring")
    func infoMap() throws {
        let report = CommandOutput.info(Self.infoReport(slotKeys: true))
        let plain = Self.text.formatted(report, command: "info")
        let colour = OutputRenderer(json: false, colour: true).formatted(report, command: "info")
        GoldenFile.expect(plain + "\n" + colour, matches: "output-info-map.txt")
        let plainIsASCII = plain.unicodeScalars.allSatisfy { $0.isASCII }
        let colourIsASCII = colour.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(plainIsASCII)
        #expect(!colourIsASCII && colour.contains("\u{1B}["))
        let rows = plain.split(separator: "\n").map(String.init)
        let cells = try #require(rows.first { $0.hasPrefix("127.0.0.1:7000 ") }?.split(separator: "|").dropFirst().first)
        #expect(cells.count == 64)
        #expect(Array(cells).prefix(3) == ["@", ":", "."])
        #expect(Array(cells)[19] == "~")
        #expect(rows.contains { $0.hasPrefix("uncovered ") && $0.hasSuffix("!|") })
        #expect(rows.contains { $0.hasPrefix("[::1]:7002 ") && $0.hasSuffix("??|") })
    }

    @Test func everySampleIsACommand() {
        for name in Self.samples.keys {
            #expect(CommandCatalog.command(named: name)?.name == name, "\(name) is not a command")
        }
    }

    @Test(
        "each command's result, dry-run result and usage error, as JSON and text, match their golden file",
        arguments: CommandCatalog.commands.map(\.name)
    )
    func commandOutput(name: String) throws {
        let command = try #require(CommandCatalog.command(named: name))
        let output = try #require(Self.samples[name], "no sample output for \(name)")
        var dryRun = Self.json
        dryRun.dryRun = true
        var usageError: TribError?
        do {
            _ = try CommandArguments(parsing: ["--no-such-option"], for: command)
        } catch {
            usageError = error
        }
        let error = try #require(usageError)
        let lines = [
            Self.json.formatted(output, command: name),
            dryRun.formatted(output, command: name),
            Self.json.formatted(error),
            Self.text.formatted(output, command: name),
            Self.text.formatted(error),
        ]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-\(name).txt")
        for line in lines.prefix(3) {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test func errorsAndNoticesMatchTheirGoldenFile() {
        let node = NodeAddress(host: "127.0.0.1", port: 7000)
        let errors = TribError.Code.all.map { TribError($0, "what went wrong (\($0))", node: $0 == .nodeError ? node : nil) }
        let notices: [Notice] = [
            .passwordOnCommandLine, .stopping(.interrupt), .stopping(.terminate), .stopping(.hangUp),
            .shell(.historyUnreadable(ShellHistoryError(path: "/h", reason: "Permission denied"))),
            .shell(.historyNotSaved(ShellHistoryError(path: "/h", reason: "No space left on device"))),
            .shell(.lineEditorUnavailable), .shell(.stillStopping),
        ]
        let lines =
            errors.map(Self.json.formatted) + notices.map(Self.json.formatted)
            + errors.map(Self.text.formatted) + notices.map(Self.text.formatted)
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "errors-and-notices.txt")
    }

    @Test func aNoticeIsKeyedByItsLevelInJSON() throws {
        let line = Self.json.formatted(Notice.shell(.lineEditorUnavailable))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: String]])
        #expect(object == ["error": ["code": "line-editor-unavailable", "message": "cannot start the line editor"]])
        #expect(Self.text.formatted(Notice.passwordOnCommandLine) == Notice.authWarning)
    }

    @Test func controlCharactersInAnErrorAreEscapedAndALongOneIsCut() {
        let text = Self.text.formatted(TribError(.usage, "bad \u{1B}[31m word " + String(repeating: "x", count: 5000)))
        #expect(!text.contains("\u{1B}"))
        #expect(text.count < 2100)
        #expect(text.hasPrefix("redis-trib: error: bad "))
    }
}
