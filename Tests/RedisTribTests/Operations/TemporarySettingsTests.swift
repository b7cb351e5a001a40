import NIOCore
import RESP
import Testing

@testable import RedisTrib

#if canImport(Glibc)
import Glibc
#endif

@Suite("Settings changed while the tool waits")
struct TemporarySettingsTests {
    // MARK: What is lowered

    @Test("the node timeout is lowered to 500 ms only when it is above that, and the original kept")
    func shortNodeTimeout() {
        #expect(
            TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "15000"]) == [
                TemporarySettings.Change(name: "cluster-node-timeout", original: "15000", temporary: "500")
            ])
        #expect(TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "500"]).isEmpty)
        #expect(TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "200"]).isEmpty)
        #expect(TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "soon"]).isEmpty)
        #expect(TemporarySettings.shortNodeTimeout(current: [:]).isEmpty)
        #expect(
            TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "60000"], to: 1980) == [
                TemporarySettings.Change(name: "cluster-node-timeout", original: "60000", temporary: "1980")
            ])
        #expect(TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "60000"], to: 2500).map(\.temporary) == ["2500"])
        #expect(TemporarySettings.shortNodeTimeout(current: ["cluster-node-timeout": "60000"], to: 2501).isEmpty, "does not halve the delay")
    }

    @Test("the lowered timeout keeps the lowered nodes' pings within the budget: 500 ms for small clusters, more for big ones, none for hundreds of nodes")
    func loweredTimeoutFollowsTheClusterSize() {
        // A pings-per-second figure for `lowered` nodes at `timeout` ms in a cluster of `size`.
        func pings(lowered: Int, size: Int, timeout: Int) -> Int { lowered * (size - 1) * 2 * 1000 / timeout }
        #expect(TemporarySettings.loweredNodeTimeout(lowered: 3, clusterSize: 6) == 500)
        #expect(TemporarySettings.loweredNodeTimeout(lowered: 1, clusterSize: 300) == 500, "one joining node")
        #expect(TemporarySettings.loweredNodeTimeout(lowered: 50, clusterSize: 100) == 500)
        let twoHundred = TemporarySettings.loweredNodeTimeout(lowered: 100, clusterSize: 200)
        #expect(twoHundred == 1990)
        #expect(pings(lowered: 100, size: 200, timeout: twoHundred) <= TemporarySettings.pingBudget)
        // 150 masters of 300 nodes: 4485 ms, which would cut the 5000 ms delay by a tenth: not lowered.
        #expect(TemporarySettings.loweredNodeTimeout(lowered: 150, clusterSize: 300) == 4485)
        #expect(TemporarySettings.Plan.shortNodeTimeout(clusterSize: 300).changes(current: ["cluster-node-timeout": "60000"], lowered: 150).isEmpty)
        #expect(
            TemporarySettings.Plan.shortNodeTimeout(clusterSize: 200).changes(current: ["cluster-node-timeout": "60000"], lowered: 100).map(\.temporary) == [
                "1990"
            ])
        #expect(
            TemporarySettings.Plan.shortNodeTimeout(clusterSize: 6).changes(current: ["cluster-node-timeout": "15000"], lowered: 3).map(\.temporary) == ["500"])
    }

    @Test("a new master's diskless syncs start at once, only where the master would wait")
    func replicaSync() {
        let waiting = ["repl-diskless-sync": "yes", "repl-diskless-sync-delay": "5"]
        #expect(
            TemporarySettings.replicaSync(current: waiting) == [
                TemporarySettings.Change(name: "repl-diskless-sync-delay", original: "5", temporary: "0")
            ])
        var onDisk = waiting
        onDisk["repl-diskless-sync"] = "no"
        #expect(TemporarySettings.replicaSync(current: onDisk).isEmpty)
        var noDelay = waiting
        noDelay["repl-diskless-sync-delay"] = "0"
        #expect(TemporarySettings.replicaSync(current: noDelay).isEmpty)
        var unreadable = waiting
        unreadable["repl-diskless-sync-delay"] = nil
        #expect(TemporarySettings.replicaSync(current: unreadable).isEmpty)
    }

    // MARK: The record

    @Test("a record's library code reads back as the same record, named after its node")
    func recordRoundTrip() throws {
        let saved = SavedSettings(
            nodeID: "e3f1a2b4c5d6e7f8091a2b3c4d5e6f7081920a1b",
            settings: [
                SavedSettings.Setting(name: "cluster-node-timeout", value: "15000"),
                SavedSettings.Setting(name: "repl-diskless-sync-delay", value: "5"),
            ])
        #expect(saved.libraryName == "redis_trib_saved_e3f1a2b4c5d6e7f8091a2b3c4d5e6f7081920a1b")
        #expect(saved.libraryCode.hasPrefix("#!lua name=redis_trib_saved_e3f1a2b4c5d6e7f8091a2b3c4d5e6f7081920a1b\n"))
        #expect(SavedSettings(libraryName: saved.libraryName, libraryCode: saved.libraryCode) == saved)
        #expect(saved.summary == "cluster-node-timeout 15000, repl-diskless-sync-delay 5")
    }

    @Test("a record names the run that made it, read back; the marker connection's name carries it")
    func recordHolder() throws {
        let setting = SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")
        let saved = SavedSettings(nodeID: "ab12", settings: [setting], holder: "41@db one#1a2b3c4d-4026531836.ff")
        #expect(saved.holder == "41@db_one#1a2b3c4d-4026531836.ff", "a space is not a character of client names")
        #expect(saved.markerName == "redis-trib-settings/41@db_one#1a2b3c4d-4026531836.ff")
        #expect(SavedSettings(libraryName: saved.libraryName, libraryCode: saved.libraryCode) == saved)
        let older = SavedSettings(nodeID: "ab12", settings: [setting])
        #expect(older.markerName == nil)
        #expect(SavedSettings(libraryName: older.libraryName, libraryCode: older.libraryCode)?.holder == nil)
    }

    @Test("a record is held while its run's marker connection is open and its process runs; not when either is gone")
    func recordHeld() throws {
        let setting = SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")
        let host = MoveLease.sanitized(LeaseBook.hostName)
        let tag = try #require(LeaseBook.machineTag)
        // This process runs; a process of another machine cannot be asked, so it counts as running.
        let running = SavedSettings(nodeID: "ab12", settings: [setting], holder: "\(getpid())@\(host)#\(tag).ff")
        let elsewhere = SavedSettings(nodeID: "ab12", settings: [setting], holder: "\(getpid())@\(host)#00000000-1.ff")
        // PID 0x7ffffffe is above any pid_max: no such process.
        let exited = SavedSettings(nodeID: "ab12", settings: [setting], holder: "2147483646@\(host)#\(tag).ff")
        func list(_ saved: SavedSettings) -> RESPValue {
            .bulkString(
                ByteBuffer(
                    string: "id=3 addr=127.0.0.1:50000 name= cmd=client\nid=7 addr=127.0.0.1:50002 name=\(saved.markerName ?? "") age=1 cmd=client|setname\n"
                ))
        }
        #expect(running.isHeld(clientList: list(running)))
        #expect(elsewhere.isHeld(clientList: list(elsewhere)))
        #expect(!exited.isHeld(clientList: list(exited)))
        #expect(!running.isHeld(clientList: list(exited)), "another run's marker")
        #expect(!running.isHeld(clientList: .bulkString(ByteBuffer(string: "id=3 addr=127.0.0.1:50000 name= cmd=client\n"))))
        // A node that refuses CLIENT LIST: held unless the process is seen gone.
        let refused = RESPValue.error(ByteBuffer(string: "NOPERM this user has no permissions to run the 'client|list' command"))
        #expect(running.isHeld(clientList: refused))
        #expect(elsewhere.isHeld(clientList: refused))
        #expect(!exited.isHeld(clientList: refused))
        #expect(!SavedSettings(nodeID: "ab12", settings: [setting]).isHeld(clientList: list(running)), "a record that names no run")
    }

    @Test("libraries that are not records are not read as records")
    func otherLibraries() {
        #expect(SavedSettings(libraryName: "mylib", libraryCode: "-- restore: cluster-node-timeout 5000") == nil)
        #expect(SavedSettings(libraryName: "redis_trib_saved_", libraryCode: "-- restore: cluster-node-timeout 5000") == nil)
        #expect(SavedSettings(libraryName: "redis_trib_saved_ab", libraryCode: "return 1") == nil)
        #expect(SavedSettings(libraryName: "redis_trib_saved_ab", libraryCode: "-- restore: cluster-node-timeout") == nil)
    }

    @Test("FUNCTION LIST replies of both protocols give the records, other libraries left out")
    func recordsInReply() {
        let saved = SavedSettings(nodeID: "ab12", settings: [SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")])
        func text(_ string: String) -> RESPValue { .bulkString(ByteBuffer(string: string)) }
        let resp2: RESPValue = .array([
            .array([text("library_name"), text("other"), text("engine"), text("LUA"), text("library_code"), text("return 1")]),
            .array([text("library_name"), text(saved.libraryName), text("engine"), text("LUA"), text("library_code"), text(saved.libraryCode)]),
        ])
        let resp3: RESPValue = .array([
            .map([
                RESPMapEntry(key: text("library_name"), value: text(saved.libraryName)),
                RESPMapEntry(key: text("library_code"), value: text(saved.libraryCode)),
            ])
        ])
        #expect(SavedSettings.records(in: resp2) == [saved])
        #expect(SavedSettings.records(in: resp3) == [saved])
        #expect(SavedSettings.records(in: .error(ByteBuffer(string: "NOPERM"))).isEmpty)
    }

    // MARK: check

    @Test("check reports a node that keeps a record, as a warning naming it and what fix restores")
    func checkReportsRecord() {
        let node = Disagreement.NodeReference(id: "ab12", address: NodeAddress(host: "127.0.0.1", port: 7000))
        let saved = SavedSettings(nodeID: "ab12", settings: [SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")])
        let findings = ClusterCheck.unrestoredSettings([NodeHealth(node: node, savedSettings: saved), NodeHealth(node: node)])
        #expect(findings.map(\.kind) == [.settingsNotRestored])
        #expect(findings.first?.nodes == [node])
        #expect(findings.first?.message.contains("cluster-node-timeout 5000") == true)
        #expect(findings.first?.message.contains("`fix`") == true)
    }

    @Test("check reports a record of a run that still runs as that run's, not as one to restore")
    func checkReportsRecordInUse() {
        let node = Disagreement.NodeReference(id: "ab12", address: NodeAddress(host: "127.0.0.1", port: 7000))
        let saved = SavedSettings(nodeID: "ab12", settings: [SavedSettings.Setting(name: "cluster-node-timeout", value: "5000")], holder: "41@h#t.ff")
        var health = NodeHealth(node: node, savedSettings: saved)
        health.savedSettingsInUse = true
        let findings = ClusterCheck.unrestoredSettings([health])
        #expect(findings.map(\.kind) == [.settingsInUse])
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.message.contains("41@h#t.ff") == true)
        #expect(findings.first?.message.contains("cluster-node-timeout 5000") == true)
    }
}
