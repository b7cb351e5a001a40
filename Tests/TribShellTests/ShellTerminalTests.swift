import Foundation
import Testing

/// The shell through a real pseudo-terminal: `redis-trib shell` runs in tmux and the tests type
/// into it as a user would.
@Suite(.serialized)
struct ShellTerminalTests {
    /// The package's root folder, found from this file's place in `Tests/TribShellTests`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `redis-trib shell` and waits for its first prompt.
    static func startShell(home: URL? = nil) async throws -> TerminalSession {
        let binary = packageRoot.appendingPathComponent(".build/debug/redis-trib").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TerminalSession.Failure(description: "\(binary) is missing; run `swift build` first")
        }
        let session = try await TerminalSession([binary, "shell"], home: home)
        try await session.waitUntil("the prompt") { isAtPrompt($0) }
        return session
    }

    /// Whether the last row is an empty prompt, such as `redis-trib> ` or `redis-trib 127.0.0.1:7000> `.
    static func isAtPrompt(_ rows: [String]) -> Bool {
        guard let last = rows.last else { return false }
        return last.hasPrefix("redis-trib") && last.hasSuffix(">")
    }

    @Test func tabCompletesACommandName() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("migr")
        try await session.waitFor("> migr")
        try await session.press("Tab")
        try await session.waitFor("> migrate_slots")
    }

    @Test func theRestOfACommandsArgumentsShowsWhileItIsTyped() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("migrate_slots ")
        try await session.waitUntil("the hint after the command") { rows in
            rows.last?.hasPrefix("redis-trib> migrate_slots") == true && rows.last?.contains("SRC DST SLOT… [--replace]") == true
        }
        try await session.type("a b ")
        try await session.waitUntil("the hint after two arguments") { rows in
            rows.last?.contains("migrate_slots a b") == true && rows.last?.contains("SLOT… [--replace]") == true
                && rows.last?.contains("SRC DST") == false
        }
        try await session.press("C-c")
        try await session.waitUntil("a fresh prompt") { Self.isAtPrompt($0) }
        try await session.type("echo sort(")
        try await session.waitFor("sort(list, [by])")
        try await session.press("C-c")
        try await session.waitUntil("a fresh prompt") { Self.isAtPrompt($0) }
        // A line accepted while its hint shows stays on the screen without it.
        try await session.type("for ")
        try await session.waitFor("for NAME in EXPRESSION")
        try await session.press("Enter")
        try await session.waitUntil("the accepted line without its hint") { rows in
            rows.contains("redis-trib> for") && rows.contains { $0.contains("expected a variable name after `for`") }
        }
    }

    @Test func aListOfMapsPrintsAsATable() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("[{port: 7000, role: \"master\"}, {port: 17001, role: \"replica\"}]")
        try await session.press("Enter")
        let rows = try await session.waitUntil("the table") { rows in Self.isAtPrompt(rows) && rows.contains("17001  replica") }
        let table = rows.drop { $0 != "port   role" }.prefix(3)
        #expect(Array(table) == ["port   role", "7000   master", "17001  replica"])
    }

    @Test func aBuiltinStatementShowsItsParametersAndAnOptionsValueIsNoArgument() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("sort ")
        try await session.waitUntil("the builtin's parameters") { $0.last?.hasPrefix("redis-trib> sort") == true && $0.last?.hasSuffix("list [by]") == true }
        try await session.type("[3, 1, 2] ")
        try await session.waitUntil("the parameter left") { $0.last?.hasSuffix("[by]") == true && $0.last?.contains("list [by]") == false }
        try await session.press("C-c")
        try await session.waitUntil("a fresh prompt") { Self.isAtPrompt($0) }
        try await session.type("migrate_slots --keys-per-batch 5 ")
        try await session.waitUntil("the hint after an option and its value") { rows in
            rows.last?.contains("SRC DST SLOT… [--replace]") == true && rows.last?.contains("[--keys-per-batch") == false
        }
    }

    @Test func aStringPrintsWithoutQuotesAndAMapAsATable() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type(#"format("{}.{}", 7, 0)"#)
        try await session.press("Enter")
        try await session.waitUntil("the string") { Self.isAtPrompt($0) && $0.contains("7.0") }
        try await session.type(#"{maxmemory: 0, "maxmemory-policy": "noeviction", k: "日本"}"#)
        try await session.press("Enter")
        let rows = try await session.waitUntil("the map's table") { Self.isAtPrompt($0) && $0.contains("k                 日本") }
        let table = rows.drop { $0 != "key               value" }.prefix(4)
        #expect(Array(table) == ["key               value", "maxmemory         0", "maxmemory-policy  noeviction", "k                 日本"])
    }

    @Test func dashCAndPipesPrintValuesAsTheShellDoes() async throws {
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/redis-trib").path
        let statements = #"format("{}.{}", 7, 0); table([{k: "日本", v: 1}, {k: "a\tb", v: 2}])"#
        let expected = ["7.0", "k     v", "日本  1", #"a\tb  2"#]
        let dashC = try await TerminalSession([binary, "-c", statements])
        defer { dashC.close() }
        #expect(try await dashC.waitForExit() == 0)
        #expect(Array(try await dashC.scrollback().prefix(4)) == expected)
        let piped = try await TerminalSession(["sh", "-c", "printf '%s\\n' \"$1\" | \"$0\"", binary, statements])
        defer { piped.close() }
        #expect(try await piped.waitForExit() == 0)
        #expect(Array(try await piped.scrollback().prefix(4)) == expected)
    }

    @Test func helpComesFromTheCommandTable() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("help migrate_slots")
        try await session.press("Enter")
        try await session.waitFor("redis-trib migrate_slots SRC DST SLOT… [--replace] [--force]")
        try await session.waitUntil("the prompt after help") { Self.isAtPrompt($0) }
        try await session.type("let value = 1")
        try await session.press("Enter")
        try await session.waitUntil("the prompt after let") { $0.count >= 2 && Self.isAtPrompt($0) && $0[$0.count - 2].hasSuffix("let value = 1") }
        try await session.type("echo $val")
        try await session.press("Tab")
        try await session.waitFor("echo $value")
    }

    @Test func helpListsTheFunctionsDefinedWithDef() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("def drain(host, limit) { }")
        try await session.press("Enter")
        try await session.waitUntil("the prompt after def") { $0.count >= 2 && Self.isAtPrompt($0) && $0[$0.count - 2].hasSuffix("{ }") }
        try await session.type("help")
        try await session.press("Enter")
        try await session.waitUntil("the prompt after help") { Self.isAtPrompt($0) && $0.contains { $0.hasPrefix("Addresses are HOST:PORT") } }
        let rows = try await session.scrollback()
        let section = rows.drop { $0 != "YOUR FUNCTIONS (def):" }.dropFirst().first
        #expect(section?.hasPrefix("  drain(host, limit)  a function of the script, defined at <repl>:1") == true, "\(rows)")
    }

    @Test func aBlockSpreadOverLinesRunsAsOneEntry() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("for x in [1, 2] {")
        try await session.press("Enter")
        try await session.waitUntil("the continuation prompt") { $0.last == "...>" }
        try await session.type("echo $x")
        try await session.press("Enter")
        try await session.waitUntil("a second continuation prompt") { $0.last == "...>" && $0.contains("...> echo $x") }
        try await session.type("}")
        try await session.press("Enter")
        let rows = try await session.waitUntil("the loop's output") { rows in
            Self.isAtPrompt(rows) && rows.contains("...> }")
        }
        let output = rows.drop { $0 != "...> }" }.dropFirst().dropLast()
        #expect(Array(output) == ["1", "2"])
    }

    @Test func ctrlCAbandonsAHalfTypedLine() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.type("echo should-not-run")
        try await session.waitFor("> echo should-not-run")
        try await session.press("C-c")
        let rows = try await session.waitUntil("a fresh prompt") { rows in
            Self.isAtPrompt(rows) && rows.dropLast().last?.hasSuffix("echo should-not-run^C") == true
        }
        #expect(!rows.contains("should-not-run"))
        // The editor still works after it.
        try await session.type("echo after")
        try await session.press("Enter")
        try await session.waitUntil("the next entry's output") { $0.contains("after") }
    }

    @Test func historyIsSavedWithoutPasswordsAndReloaded() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-shell-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let first = try await Self.startShell(home: home)
        defer { first.close() }
        try await first.type("echo hello")
        try await first.press("Enter")
        try await first.waitUntil("hello") { $0.contains("hello") && Self.isAtPrompt($0) }
        try await first.type("echo x -a secret")
        try await first.press("Enter")
        try await first.waitUntil("the second entry's output") { $0.contains("x -a secret") && Self.isAtPrompt($0) }
        try await first.press("C-d")
        #expect(try await first.waitForExit() == 0)

        let saved = try String(contentsOf: home.appendingPathComponent(".redis_trib_history"), encoding: .utf8)
        #expect(saved.contains("echo hello"))
        #expect(!saved.contains("secret"))

        let second = try await Self.startShell(home: home)
        defer { second.close() }
        try await second.press("Up")
        try await second.waitUntil("the last entry") { $0.last?.hasSuffix("> echo hello") == true }
    }

    @Test func ctrlDOnAnEmptyLineExits() async throws {
        let session = try await Self.startShell()
        defer { session.close() }
        try await session.press("C-d")
        #expect(try await session.waitForExit() == 0)
    }
}
