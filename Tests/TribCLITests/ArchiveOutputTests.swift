import Foundation
import NIOCore
import RESP
import Testing

@testable import RedisTrib
@testable import TribCLI
@testable import TribCommands

/// The results of `set_timeout`, `import` and `backup`, from fixed values.
extension OutputRendererTests {
    static let archiveSamples: [String: CommandOutput] = [
        "set_timeout": .nodeTimeout(nodeTimeoutReport(applied: true)),
        "import": .importKeys(importReport(applied: true, replace: true)),
        "backup": .backup(backupReport(applied: true)),
    ]

    static func nodeTimeoutReport(applied: Bool) -> NodeTimeoutReport {
        NodeTimeoutReport(
            milliseconds: 7000,
            nodes: [
                .init(node: references[0], previous: 15000, current: 7000, configFile: "/etc/redis/7000.conf", persisted: applied),
                .init(node: references[1], previous: 15000, current: 7000, configFile: nil, persisted: false),
                .init(node: references[2], previous: nil, current: nil, configFile: nil, persisted: false, error: "connection refused (nothing listens there)"),
            ],
            applied: applied)
    }

    static func importReport(applied: Bool, replace: Bool) -> ImportReport {
        ImportReport(
            source: NodeAddress(host: "127.0.0.1", port: 6379), copy: false, replace: replace, applied: applied,
            keysByDatabase: [0: 99_000, 1: 1_000], keysByMaster: [references[0]: 33_000, references[1]: 34_000, references[2]: 33_000],
            skippedEqual: 2, conflicts: [.init(node: references[1], database: 0, key: ByteBuffer(string: "user:\n1"))], conflictCount: 1)
    }

    static func backupReport(applied: Bool) -> BackupReport {
        let files = references.enumerated().map { index, node in
            BackupReport.MasterFile(
                node: node, path: "/backups/b1/127.0.0.1-\(7000 + index)-\(node.id).rdb",
                check: applied ? RDBFileCheck(magic: "REDIS", version: 10, size: 1_250_000 + index, checksum: index == 2 ? 0 : 0xe9c6_d914_c4b8_d9ca) : nil)
        }
        return BackupReport(directory: "/backups/b1", layoutPath: "/backups/b1/cluster.json", files: files, applied: applied)
    }

    @Test("set_timeout: a row per node with its old and new value and whether it was saved; a node not set makes it a failure")
    func setTimeoutOutput() throws {
        let report = Self.nodeTimeoutReport(applied: true)
        let text = Self.text.formatted(.nodeTimeout(report), command: "set_timeout").split(separator: "\n").map(String.init)
        #expect(text.count == 5)
        #expect(text[0].hasPrefix("NODE "))
        #expect(text[1].hasSuffix("yes: /etc/redis/7000.conf"))
        #expect(text[2].hasSuffix("no: started without a config file"))
        #expect(text[4].hasPrefix("[ERR] 1 of 3 nodes"))
        #expect(CommandOutput.nodeTimeout(report).isFailure)
        var fine = report
        fine.nodes.removeLast()
        #expect(!CommandOutput.nodeTimeout(fine).isFailure)
        let dryRun = Self.nodeTimeoutReport(applied: false)
        let lines = [Self.json.formatted(.nodeTimeout(dryRun), command: "set_timeout"), Self.text.formatted(.nodeTimeout(dryRun), command: "set_timeout")]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-set_timeout-dry-run.txt")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["applied"] as? Bool == false)
    }

    @Test("import: keys per database and master; a dry run with conflicts and no --replace lists them and is a failure")
    func importOutput() throws {
        let blocked = Self.importReport(applied: false, replace: false)
        #expect(CommandOutput.importKeys(blocked).isFailure)
        #expect(!CommandOutput.importKeys(Self.importReport(applied: true, replace: true)).isFailure)
        let lines = [Self.json.formatted(.importKeys(blocked), command: "import"), Self.text.formatted(.importKeys(blocked), command: "import")]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-import-dry-run.txt")
        #expect(lines[1].contains("[ERR] key \"user:\\n1\" of database 0 exists on \(Self.references[1]) with another value"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["keys"] as? Int == 100_000)
        #expect((object["databases"] as? [String: Int]) == ["0": 99_000, "1": 1_000])
        #expect(object["conflict_count"] as? Int == 1)
    }

    @Test("backup: a line per file with its size, format and checksum; a dry run lists what it would fetch")
    func backupOutput() throws {
        let dryRun = Self.backupReport(applied: false)
        let lines = [Self.json.formatted(.backup(dryRun), command: "backup"), Self.text.formatted(.backup(dryRun), command: "backup")]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-backup-dry-run.txt")
        let text = Self.text.formatted(.backup(Self.backupReport(applied: true)), command: "backup")
        #expect(text.contains("REDIS0010  crc64 0xe9c6d914c4b8d9ca"))
        #expect(text.contains("no checksum (rdbchecksum no)"))
        // One of the three was written with rdbchecksum no: the summary does not claim its checksum was checked.
        #expect(text.hasSuffix("[OK] 3 RDB files, 3.6M, each header checked; 1 file without a checksum (rdbchecksum no), the other checksums checked"))
    }
}
