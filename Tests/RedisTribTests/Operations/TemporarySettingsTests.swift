import NIOCore
import RESP
import Testing

@testable import RedisTrib

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
}
