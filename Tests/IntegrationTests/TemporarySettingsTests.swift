import Foundation
import RESP
import Synchronization
import Testing
import TribCommands

@testable import RedisTrib

#if canImport(Glibc)
import Glibc
#endif

/// The settings a node keeps once an operation is over: those the tool lowers while it waits for a
/// node (`cluster-node-timeout`, `repl-diskless-sync-delay`) and the tool's records of them.
struct WaitSettings: Equatable, CustomStringConvertible {
    var nodeTimeout: String
    var syncDelay: String
    /// The names of the tool's record libraries on the node (`redis_trib_saved_…`).
    var records: [String]

    var description: String { "cluster-node-timeout \(nodeTimeout), repl-diskless-sync-delay \(syncDelay), records \(records)" }

    /// What `address` has now.
    static func read(_ address: NodeAddress) async throws -> WaitSettings {
        var settings = WaitSettings(nodeTimeout: "?", syncDelay: "?", records: [])
        try await withConnection(to: address) { connection in
            let replies = try await connection.pipeline([
                RedisCommand("CONFIG", "GET", "cluster-node-timeout"), RedisCommand("CONFIG", "GET", "repl-diskless-sync-delay"),
                RedisCommand("FUNCTION", "LIST", "LIBRARYNAME", "redis_trib_saved_*"),
            ])
            settings.nodeTimeout = replies[0].elements?.last?.string ?? "none"
            settings.syncDelay = replies[1].elements?.last?.string ?? "none"
            settings.records = (replies[2].elements ?? []).compactMap { library in
                let fields = library.elements ?? []
                return zip(fields, fields.dropFirst()).first { $0.0.string == "library_name" }?.1.string
            }
        }
        return settings
    }

    /// Records an issue for every node of `addresses` that does not have the launcher's settings back
    /// (`cluster-node-timeout` as started, the server's default diskless sync delay of 5 s) or keeps a record.
    ///
    /// A replica's copy of its master's record goes with the master's `FUNCTION DELETE`, which
    /// reaches it through replication a moment after the tool ended: that is waited for, up to 10 s.
    static func expectRestored(
        _ addresses: [NodeAddress], nodeTimeout: String = "5000", sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let restored = WaitSettings(nodeTimeout: nodeTimeout, syncDelay: "5", records: [])
        _ = try await pollUntil(timeout: .seconds(10)) {
            for address in addresses where try await read(address) != restored { return false }
            return true
        }
        for address in addresses {
            let settings = try await read(address)
            #expect(
                settings == restored, "\(address): \(settings)",
                sourceLocation: sourceLocation)
        }
    }
}

/// `create`, `start_multi`, `join`, `join_no_load`, `replicate` and `rescue` shorten the waits of the
/// servers for the time they wait, and put the settings back on every path.
@Suite("Settings lowered while the tool waits are put back", .serialized)
struct TemporarySettingsTests {
    @Test("create with replicas, replicate and join: every node has its settings back and no record; no key lost")
    func restoredOnSuccess() async throws {
        try await withLocalServers(8) { servers in
            let addresses = servers.map(\.address)
            // What the operations say they change and put back: the end state alone would pass with nothing lowered.
            let steps = Mutex<[String]>([])
            var options = OperationOptions.testing
            options.events = { event in
                if case .step(let text) = event { steps.withLock { $0.append(text) } }
            }
            try await withOperator(options) { trib in
                try await trib.create(Array(addresses[0..<6]), replicas: 1)
                try await WaitSettings.expectRestored(Array(addresses[0..<6]))
                let created = steps.withLock { $0 }
                let lowered = addresses[0..<6].filter { created.contains("\($0): cluster-node-timeout 5000 -> 500 while the tool waits") }
                let syncing = addresses[0..<6].filter { created.contains("\($0): repl-diskless-sync-delay 5 -> 0 while the tool waits") }
                #expect(lowered.count == 3, "\(created)")
                #expect(syncing == lowered, "\(created)")
                for master in lowered {
                    #expect(created.contains("\(master): cluster-node-timeout 5000 restored"), "\(created)")
                    #expect(created.contains("\(master): repl-diskless-sync-delay 5 restored"), "\(created)")
                }
                let cluster = try await assertClusterHealthy(Array(addresses[0..<6]), expectedMasters: 3)
                let masters = addresses[0..<6].filter { cluster.master(of: $0) == nil }
                let keys = SlotKeys(slots: SlotSet(0...199), perSlot: 20, valueSize: 32)
                try await keys.write(to: try #require(masters.first { cluster.slots(of: $0).contains(try HashSlot(0)) }))

                try await trib.replicate(master: addresses[0], replica: addresses[6])
                try await trib.join(cluster: addresses[0], newNode: addresses[7])
                let joined = steps.withLock { $0 }
                #expect(joined.contains("\(addresses[7]): cluster-node-timeout 5000 -> 500 while the tool waits"), "\(joined)")
                #expect(joined.contains("\(addresses[7]): cluster-node-timeout 5000 restored"), "\(joined)")
                try await WaitSettings.expectRestored(addresses)
                let grown = try await assertClusterHealthy(addresses, expectedMasters: 4)
                #expect(!grown.slots(of: addresses[7]).isEmpty)
                let owners = addresses.filter { grown.master(of: $0) == nil }
                #expect(try await totalKeys(owners) == keys.values.count)
                // Each key with its value on one master: as many found as written, and no more keys than that.
                var found = 0
                for owner in owners {
                    found += keys.values.count - (try await keys.missing(on: owner).count)
                }
                #expect(found == keys.values.count, "some key is missing or has another value")
            }
        }
    }

    /// The nodes of ``withJoinWaitingOnStoppedReplica(commandTimeout:_:)``.
    struct WaitingJoin {
        /// The three masters.
        var masters: [NodeAddress]
        /// The replica of the first master, stopped.
        var stoppedReplica: NodeAddress
        /// The free node being joined.
        var newNode: NodeAddress
        /// The tool, waiting.
        var tool: TribProcess
        /// The keys written to the first master before.
        var keys: SlotKeys
        /// Continues the stopped replica.
        var resume: @Sendable () -> Void

        /// Records an issue unless every key is on the first master with its value, and nowhere else.
        func expectKeysKept(sourceLocation: SourceLocation = #_sourceLocation) async throws {
            #expect(try await totalKeys(masters + [newNode]) == keys.values.count, sourceLocation: sourceLocation)
            #expect(try await keys.missing(on: masters[0]).isEmpty, sourceLocation: sourceLocation)
        }
    }

    /// A cluster of three masters and a replica, and a free node; the replica is stopped (SIGSTOP),
    /// so that `join_no_load` of the free node, which reads every node once the free node met them,
    /// waits on it for its command timeout with the free node's settings lowered. Runs `body`
    /// then, and continues the replica and kills the tool if still running, whatever happens.
    private func withJoinWaitingOnStoppedReplica(commandTimeout: Int, _ body: (WaitingJoin) async throws -> Void) async throws {
        try await withLocalServers(5) { servers in
            let addresses = servers.map(\.address)
            let (masters, stopped, newNode) = (Array(addresses[0..<3]), servers[3], addresses[4])
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: addresses[0], replica: addresses[3])
            }
            try #require(try await waitUntilReplicated(addresses[3], from: addresses[0]))
            let keys = SlotKeys(slots: SlotSet(0...99), perSlot: 10, valueSize: 32)
            try await keys.write(to: addresses[0])
            stopped.signal(SIGSTOP)
            defer { stopped.signal(SIGCONT) }
            let tool = try TribProcess.start(["join_no_load", "\(addresses[0])", "\(newNode)", "--command-timeout", String(commandTimeout)])
            do {
                // Lowered, and met: the tool is now waiting on the stopped replica.
                let newID = try await readNode(newNode).id
                let waiting = try await pollUntil(timeout: .seconds(60), interval: .milliseconds(5)) {
                    guard tool.process.isRunning, try await WaitSettings.read(newNode).nodeTimeout == "500" else { return false }
                    return try await readNode(addresses[0]).topology.node(id: newID) != nil
                }
                if !waiting {
                    let seen = try await WaitSettings.read(newNode)
                    let ended = tool.process.isRunning ? nil : try tool.finish()
                    let outcome = ended.map { "exit \($0.status): \($0.err)" } ?? "still running"
                    Issue.record("the tool did not lower \(newNode)'s node timeout and introduce it while it waited: \(seen); tool: \(outcome)")
                    tool.kill()
                    return
                }
                try await body(
                    WaitingJoin(
                        masters: masters, stoppedReplica: stopped.address, newNode: newNode, tool: tool, keys: keys,
                        resume: { stopped.signal(SIGCONT) }))
            } catch {
                tool.kill()
                throw error
            }
        }
    }

    @Test("a tool killed while it waits leaves the lowered timeout and its record: check reports it, fix puts it back")
    func killedToolLeavesRecordForFix() async throws {
        try await withJoinWaitingOnStoppedReplica(commandTimeout: 60) { join in
            join.tool.kill()
            join.resume()
            let left = try await WaitSettings.read(join.newNode)
            #expect(left.nodeTimeout == "500")
            #expect(left.records.count == 1, "\(left)")
            try await withOperator(.testing) { trib in
                let report = try await trib.check(join.masters[0])
                let found = report.findings.filter { $0.kind == .settingsNotRestored }
                #expect(found.map(\.nodes) == [[Disagreement.NodeReference(id: try await readNode(join.newNode).id, address: join.newNode)]])
                #expect(found.first?.message.contains("cluster-node-timeout 5000") == true, "\(found)")
                #expect(found.first?.severity == .warning)
                let plan = try await trib.fix(join.masters[0])
                #expect(plan.repairs.filter { $0.kind == .restoreSettings }.map(\.nodes.first?.address) == [join.newNode], "\(plan.repairs)")
                try await WaitSettings.expectRestored(join.masters + [join.stoppedReplica, join.newNode])
                let again = try await trib.check(join.masters[0])
                #expect(!again.findings.contains { $0.kind == .settingsNotRestored })
            }
            try await join.expectKeysKept()
        }
    }

    @Test("Ctrl-C while the tool waits: the settings are back before it exits; until then check names them the running tool's")
    func interruptedToolRestores() async throws {
        // The tool waits up to 60 s on the stopped replica: the check below (with a loaded machine's pace) and the
        // Ctrl-C come well before that.
        try await withJoinWaitingOnStoppedReplica(commandTimeout: 60) { join in
            var options = OperationOptions.testing
            options.connection.commandTimeout = 1  // the stopped replica is reported unreachable after a second
            try await withOperator(options) { trib in
                let report = try await trib.check(join.masters[0])
                #expect(report.findings.filter { $0.kind == .settingsInUse }.map(\.nodes.first?.address) == [join.newNode], "\(report.findings)")
                #expect(!report.findings.contains { $0.kind == .settingsNotRestored }, "\(report.findings)")
            }
            kill(join.tool.process.processIdentifier, SIGINT)
            let (status, _, err) = try join.tool.finish()
            #expect(status == 130, "\(err)")
            try await WaitSettings.expectRestored([join.newNode])
            try await join.expectKeysKept()
        }
    }

    @Test("a record of a run that still runs: check reports it as that run's, fix leaves it; once the run's marker is gone, fix restores it")
    func recordOfRunningRun() async throws {
        try await withLocalServers(3) { servers in
            let addresses = servers.map(\.address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti(addresses)
            }
            let node = addresses[1]
            let reference = Disagreement.NodeReference(id: try await readNode(node).id, address: node)
            // A record and a marker as a run of this process makes them: this process runs.
            let holder = "\(getpid())@\(MoveLease.sanitized(LeaseBook.hostName))#\(LeaseBook.machineTag ?? "untagged").test"
            let saved = SavedSettings(nodeID: reference.id, settings: [SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")], holder: holder)
            try await withConnection(to: node) { connection in
                let replies = try await connection.pipeline([
                    RedisCommand("CONFIG", "SET", "cluster-node-timeout", "500"), RedisCommand("FUNCTION", "LOAD", saved.libraryCode),
                ])
                #expect(replies.allSatisfy { !$0.isError }, "\(replies)")
            }
            let marker = try await RedisConnection.connect(to: node)
            do {
                _ = try await marker.send("CLIENT", "SETNAME", try #require(saved.markerName))
                try await withOperator(.testing) { trib in
                    let report = try await trib.check(addresses[0])
                    #expect(report.findings.filter { $0.kind == .settingsInUse }.map(\.nodes) == [[reference]], "\(report.findings)")
                    #expect(!report.findings.contains { $0.kind == .settingsNotRestored })
                    let plan = try await trib.fix(addresses[0])
                    #expect(!plan.repairs.contains { $0.kind == .restoreSettings }, "\(plan.repairs)")
                }
                let kept = try await WaitSettings.read(node)
                #expect(kept.nodeTimeout == "500" && kept.records.count == 1, "\(kept)")
                await marker.close()
            } catch {
                await marker.close()
                throw error
            }
            try await withOperator(.testing) { trib in
                // The node drops the marker's connection a moment after it closed.
                let reported = try await pollUntil(timeout: .seconds(10)) {
                    try await trib.check(addresses[0]).findings.contains { $0.kind == .settingsNotRestored && $0.nodes == [reference] }
                }
                #expect(reported, "check did not report the record once its run's marker was gone")
                let plan = try await trib.fix(addresses[0])
                #expect(plan.repairs.filter { $0.kind == .restoreSettings }.map(\.nodes) == [[reference]], "\(plan.repairs)")
            }
            try await WaitSettings.expectRestored(addresses)
        }
    }

    @Test("an operation that fails while the tool waits: the settings are back, and the error names the node that did not answer")
    func failedOperationRestores() async throws {
        try await withJoinWaitingOnStoppedReplica(commandTimeout: 8) { join in
            let (status, _, err) = try join.tool.finish()
            #expect(status != 0)
            #expect(err.contains(join.stoppedReplica.description), "\(err)")
            try await WaitSettings.expectRestored([join.newNode])
            try await join.expectKeysKept()
        }
    }
}
