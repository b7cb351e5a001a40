import Foundation
import Testing
import TribShell

struct ShellHistoryTests {
    @Test(arguments: [
        "echo x -a secret",
        "connect 127.0.0.1:7000 -A secret",
        "connect 127.0.0.1:7000 --pass secret",
        "connect 127.0.0.1:7000 --password=secret",
        "call 127.0.0.1:7000 AUTH secret",
        "call 127.0.0.1:7000 auth default secret",
        "call 127.0.0.1:7000 HELLO 3 AUTH default secret",
        "call 127.0.0.1:7000 MIGRATE host 7001 \"\" 0 5000 KEYS a AUTH2 user secret",
        "call 127.0.0.1:7000 CONFIG SET requirepass secret",
        "call 127.0.0.1:7000 config set MasterAuth secret",
        "let env = \"REDISCLI_AUTH=secret\"",
        "connect(127.0.0.1:7000, password: \"secret\")",
        "for n in nodes() {\n  call $n.addr auth secret\n}",
        // The rules every renderer hides passwords by (RedisCommand), found anywhere in the line.
        "execute 127.0.0.1:7000 ACL SETUSER bob on >secret ~* +@all",
        "execute 127.0.0.1:7000 acl setuser bob <secret",
        "execute 127.0.0.1:7000 ACL SETUSER bob #0123456789abcdef",
        "execute 127.0.0.1:7000 CONFIG SET primaryauth secret",
        "execute 127.0.0.1:7000 CONFIG SET primaryuser bob",
        "execute 127.0.0.1:7000 CONFIG SET masteruser bob",
        "execute 127.0.0.1:7000 SENTINEL SET mymaster auth-pass secret",
        "execute(127.0.0.1:7000, \"CONFIG\", \"SET\", \"tls-key-file-pass\", \"secret\")",
        // A connection string with a password, with or without a user.
        "connect \"rediss://ops:s3cret@10.0.0.5:7000\"",
        "let c = \"redis://s3cret@h:1\"",
        "connect \"redis://ops:Pa,ss@h:7000\"",
    ])
    func linesWithPasswordsAreNeverKept(line: String) throws {
        #expect(ShellHistory.isSensitive(line))
        var history = ShellHistory(fileURL: nil)
        #expect(add(line, to: &history) == false)
        #expect(history.entries.isEmpty)
    }

    @Test(arguments: [
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0-100",
        "echo hello",
        "check 127.0.0.1:7000 --author",
        "echo authority bypass oauth",
        "echo $a",
        "execute 127.0.0.1:7000 ACL WHOAMI",
        "execute 127.0.0.1:7000 CONFIG GET maxmemory",
        "connect \"rediss://10.0.0.5:7000\"",
    ])
    func ordinaryLinesAreKept(line: String) {
        #expect(!ShellHistory.isSensitive(line))
        var history = ShellHistory(fileURL: nil)
        #expect(add(line, to: &history) == true)
        #expect(history.entries == [line])
    }

    @Test func blankLinesAndImmediateRepeatsAreSkipped() {
        var history = ShellHistory(fileURL: nil)
        #expect(add("", to: &history) == false)
        #expect(add("  \n ", to: &history) == false)
        #expect(add("echo a", to: &history) == true)
        #expect(add("echo a", to: &history) == false)
        #expect(add("echo b", to: &history) == true)
        #expect(add("echo a", to: &history) == true)
        #expect(history.entries == ["echo a", "echo b", "echo a"])
    }

    @Test func theOldestEntriesGoBeyondTheLimit() {
        var history = ShellHistory(fileURL: nil, limit: 3)
        for number in 1...5 {
            history.add("echo \(number)")
        }
        #expect(history.entries == ["echo 3", "echo 4", "echo 5"])
    }

    @Test func entriesSurviveASaveAndALoad() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".redis_trib_history")
        var history = ShellHistory(fileURL: file)
        let entries = ["echo hello", "for x in [1, 2] {\n    echo $x\n}", #"echo "a\nb" \\ c"#, "echo é ✓"]
        for entry in entries {
            history.add(entry)
        }
        try history.save()

        var reloaded = ShellHistory(fileURL: file)
        try reloaded.load()
        #expect(reloaded.entries == entries)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.split(separator: "\n").count == entries.count)
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func loadingKeepsTheNewestEntriesAndDropsPasswords() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("history")
        try "echo 1\nAUTH secret\necho 2\necho 3\n".write(to: file, atomically: true, encoding: .utf8)
        var history = ShellHistory(fileURL: file, limit: 2)
        try history.load()
        #expect(history.entries == ["echo 2", "echo 3"])
    }

    @Test func aMissingFileIsAnEmptyHistory() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var history = ShellHistory(fileURL: folder.appendingPathComponent("absent"))
        try history.load()
        #expect(history.entries.isEmpty)
    }

    @Test(arguments: ["/dev/zero", "/dev/null", "/tmp"])
    func aFileThatIsNotRegularIsNotRead(path: String) throws {
        var history = ShellHistory(fileURL: URL(fileURLWithPath: path))
        #expect(throws: ShellHistoryError(path: path, reason: "not a regular file, so not read as a history")) {
            try history.load()
        }
        #expect(history.entries.isEmpty)
    }

    @Test func aFIFOIsNotReadAndDoesNotBlock() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        var history = ShellHistory(fileURL: URL(fileURLWithPath: path))
        #expect(throws: ShellHistoryError(path: path, reason: "not a regular file, so not read as a history")) {
            try history.load()
        }
    }

    @Test func aFileOverTheLimitIsNotRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("history")
        let line = Data("echo a\n".utf8)
        var data = Data()
        while data.count <= ShellHistory.maximumFileBytes { data.append(line) }
        try data.write(to: file)
        var history = ShellHistory(fileURL: file)
        #expect(throws: ShellHistoryError(path: file.path, reason: "larger than 4 MiB, so not read as a history")) {
            try history.load()
        }
        #expect(history.entries.isEmpty)
        // Just under the limit is read.
        try data.prefix((ShellHistory.maximumFileBytes / line.count - 1) * line.count).write(to: file)
        try history.load()
        #expect(history.entries == ["echo a"])
    }

    @Test func anUnwritableFileIsReported() throws {
        var history = ShellHistory(fileURL: URL(fileURLWithPath: "/nonexistent-folder/history"))
        history.add("echo a")
        #expect(throws: ShellHistoryError(path: "/nonexistent-folder/history", reason: "No such file or directory")) {
            try history.save()
        }
    }

    @Test func theFileIsInTheHomeFolderUnlessTheEnvironmentSaysOtherwise() {
        #expect(ShellHistory.defaultFileURL(environment: ["HOME": "/home/ann"])?.path == "/home/ann/.redis_trib_history")
        #expect(ShellHistory.defaultFileURL(environment: ["HOME": "/home/ann", "REDIS_TRIB_HISTFILE": "/tmp/h"])?.path == "/tmp/h")
        #expect(ShellHistory.defaultFileURL(environment: ["HOME": "/home/ann", "REDIS_TRIB_HISTFILE": ""]) == nil)
        #expect(ShellHistory.defaultFileURL(environment: ["REDIS_TRIB_HISTFILE": "/dev/null"]) == nil)
        #expect(ShellHistory.defaultFileURL(environment: [:]) == nil)
    }

    /// Adds outside `#expect`, which cannot mutate.
    private func add(_ entry: String, to history: inout ShellHistory) -> Bool {
        history.add(entry)
    }

    private func makeTemporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-history-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
