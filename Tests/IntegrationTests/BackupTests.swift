import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

/// `backup` against real servers (`$REDIS_TRIB_SERVER`): the RDB of every master, checked by
/// redis-trib, by the server's own checker, and by loading it into a fresh server.
@Suite("backup on real servers", .serialized)
struct BackupTests {
    /// A new folder's path (not made).
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("trib-backup-\(UUID().uuidString.prefix(8))").path
    }

    /// The checker of the server's RDB files: Debian's `redis-check-rdb` for Redis; for Valkey,
    /// which ships none here, the server binary itself under the name `valkey-check-rdb` (a link),
    /// which makes it run its RDB checker.
    static func checker(in folder: String) throws -> String {
        let server = try LocalServerLauncher().executable
        guard server.contains("valkey") else { return "/usr/bin/redis-check-rdb" }
        let link = folder + "/valkey-check-rdb"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: server)
        return link
    }

    /// Runs `program` with `arguments`; its exit status and output.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The keys a fresh standalone server finds in an RDB file after loading it.
    static func keysLoaded(from path: String) async throws -> Int {
        let url = URL(fileURLWithPath: path)
        let launcher = try LocalServerLauncher(
            extraArguments: ["--dir", url.deletingLastPathComponent().path, "--dbfilename", url.lastPathComponent], clusterEnabled: false)
        let server = try await launcher.startOne()
        var keys = -1
        do {
            try await withConnection(to: server.address) { connection in
                keys = try await connection.send("DBSIZE").int ?? -1
            }
            await launcher.stop([server])
        } catch {
            await launcher.stop([server])
            throw error
        }
        return keys
    }

    @Test(
        "3 masters with keys and a replica (one sending its snapshot from disk): a checked file per master, the server's checker accepts each, each loads with its master's key count"
    )
    func backup() async throws {
        try await withLocalServers(4) { servers in
            let addresses = servers.map(\.address)
            let masters = Array(addresses.prefix(3))
            try await withOperator(.testing) { trib in
                try await trib.startMulti(masters)
                try await trib.replicate(master: masters[0], replica: addresses[3])
                try await fillKeys(masters[0], count: 6000)
                var counts: [String: Int] = [:]
                for master in masters {
                    let id = try #require(try await ownView(master)?.id)
                    try await withConnection(to: master) { counts[id] = try await $0.send("DBSIZE").int }
                }
                #expect(counts.values.reduce(0, +) == 6000)
                // Both framings of the snapshot: streamed ($EOF:<marker>, the default) and from a file ($<length>).
                try await withConnection(to: masters[1]) { try await $0.send("CONFIG", "SET", "repl-diskless-sync", "no") }
                let directory = Self.folder()
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let report = try await trib.backup(addresses[3], to: directory)
                #expect(report.applied && report.files.count == 3)
                #expect(Set(report.files.compactMap(\.node.address)) == Set(masters))
                let listed = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                #expect(listed == (report.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } + ["cluster.json"]).sorted())
                let checker = try Self.checker(in: directory)
                for file in report.files {
                    #expect(file.path.hasSuffix("-\(file.node.id).rdb"))
                    let check = try RDBFileCheck.verify(path: file.path)
                    #expect(check == file.check)
                    #expect(check.isChecksummed && ["REDIS", "VALKEY"].contains(check.magic))
                    let verdict = try Self.run(checker, [file.path])
                    #expect(verdict.status == 0, "\(checker) \(file.path): \(verdict.output)")
                    #expect(try await Self.keysLoaded(from: file.path) == counts[file.node.id], "\(file.path)")
                }
                let layout = try #require(
                    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report.layoutPath))) as? [String: Any])
                let nodes = try #require(layout["nodes"] as? [[String: Any]])
                #expect(nodes.count == 4)
                #expect(nodes.filter { $0["role"] as? String == "master" }.compactMap { $0["file"] as? String }.count == 3)
                let ranges: [[Int]] = nodes.compactMap { $0["slot_ranges"] as? [[Int]] }.flatMap { $0 }
                let covered = ranges.reduce(0) { total, range in total + range[1] - range[0] + 1 }
                #expect(covered == 16384)
                #expect(nodes.contains { $0["role"] as? String == "replica" && ($0["master_id"] as? String) != nil })

                // A second backup into the same folder would overwrite the first: refused, nothing written.
                let before = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                let again = await #expect(throws: TribError.self) { try await trib.backup(masters[0], to: directory) }
                #expect(again?.code == .preconditionFailed)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == before)
            }
        }
    }

    @Test("a dry run writes nothing and lists the files; through the binary, --json lists files, sizes and checksums")
    func dryRunAndBinary() async throws {
        try await withLocalServers(3) { servers in
            let a = servers[0].address
            try await withCluster(servers) { _ in
                try await fillKeys(a, count: 500)
                let directory = Self.folder()
                defer { try? FileManager.default.removeItem(atPath: directory) }
                var options = OperationOptions.testing
                options.dryRun = true
                let plan = try await withOperator(options) { try await $0.backup(a, to: directory) }
                #expect(!plan.applied && plan.files.count == 3 && plan.files.allSatisfy { $0.check == nil })
                #expect(!FileManager.default.fileExists(atPath: directory))

                let run = try await TribProcess.run(["--json", "backup", a.description, directory])
                #expect(run.status == 0, "\(run.err)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "\(run.out)")
                let files = try #require(object["files"] as? [[String: Any]])
                #expect(files.count == 3)
                for file in files {
                    let path = try #require(file["path"] as? String)
                    let check = try RDBFileCheck.verify(path: path)
                    #expect(file["bytes"] as? Int == check.size)
                    #expect(file["checksum"] as? String == RDBFileCheck.hex(check.checksum))
                }
                #expect(FileManager.default.fileExists(atPath: directory + "/cluster.json"))
            }
        }
    }

    @Test("a master that does not answer: the error names it, and no file is left, not even the other masters' snapshots")
    func masterDown() async throws {
        try await withLocalServers(3) { servers in
            let (a, c) = (servers[0].address, servers[2].address)
            try await withCluster(servers) { trib in
                try await fillKeys(a, count: 300)
                await servers[2].stop()
                let directory = Self.folder()
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let error = await #expect(throws: TribError.self) { try await trib.backup(a, to: directory) }
                #expect(error?.node == c, "\(String(describing: error))")
                #expect(error?.message.contains(c.description) == true)
                // Not even the files of the masters that answered: the folder takes a second run.
                let left = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                #expect(left.isEmpty, "\(left)")
            }
        }
    }
}
