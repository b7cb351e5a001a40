import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

/// The binary against hostile input and a closed output: every case ends with a named error and a
/// bounded amount of output, never a trap (132), a broken pipe (141) or a crash (139).
@Suite("The redis-trib binary: input bounds and closed output", .serialized)
struct InputBoundsTests {
    /// Runs `script` in bash with `$TRIB` the binary; stdout and stderr go to files, so their
    /// sizes are measured without a reader that could fall behind.
    static func bash(_ script: String) async throws -> (status: Int32, out: Data, err: Data) {
        try await onOwnThread { try bashBlocking(script) }
    }

    /// ``bash(_:)`` on the calling thread, which it blocks until bash exits.
    private static func bashBlocking(_ script: String) throws -> (status: Int32, out: Data, err: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trib-bash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outFile = folder.appendingPathComponent("out")
        let errFile = folder.appendingPathComponent("err")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["TRIB"] = TribProcess.binaryPath
        environment.removeValue(forKey: "REDISCLI_AUTH")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        // A guard against hanging, not a timing assertion.
        let guardTimer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: guardTimer)
        process.waitUntilExit()
        guardTimer.cancel()
        return (process.terminationStatus, try Data(contentsOf: outFile), try Data(contentsOf: errFile))
    }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test(
        "a numeric option out of range exits 2 before connecting, naming the option, the value and the range",
        arguments: [
            (["--connect-timeout", "1e10"], "--connect-timeout takes a number of seconds from 0.001 to 3600, not '1e10'"),
            (["--command-timeout", "1e10"], "--command-timeout takes a number of seconds from 0.001 to 86400, not '1e10'"),
            (["--timeout", "1e308"], "--timeout takes a number of seconds from 0.001 to 86400, not '1e308'"),
            (["--timeout", "0"], "--timeout takes a number of seconds from 0.001 to 86400, not '0'"),
            (["--max-loop-iterations", "0"], "--max-loop-iterations takes a whole number from 1 to 1000000000000, not '0'"),
            (["--migrate-timeout", "1e13"], "--migrate-timeout takes a whole number from 1 to 86400000, not '1e13'"),
            (["--atomic-timeout", "9223372036854775807"], "--atomic-timeout takes a whole number from 1 to 604800"),
            (["--keys-per-batch", "1152921504606846976"], "--keys-per-batch takes a whole number from 1 to 1000000"),
            (["--batch-bytes", "0"], "--batch-bytes takes a whole number from 1 to 1073741824, not '0'"),
            (["--batch-bytes", "-1"], "--batch-bytes takes a whole number from 1 to 1073741824, not '-1'"),
            (["--timeout", "1", "--timeout", "2"], "--timeout is given more than once"),
            (["-a", "x", "--pass", "y"], "--pass is given more than once (as -a and --pass)"),
            (["--dst-addr", "127.0.0.1:3"], "--dst-addr is given more than once"),
        ]
    )
    func badOptions(options: [String], message: String) async throws {
        // Port 1 on loopback: nothing listens, so a connection attempt would fail with exit 1, not 2.
        let arguments = ["migrate_slots", "--src-addr", "127.0.0.1:1", "--dst-addr", "127.0.0.1:2", "5"] + options
        let result = try await TribProcess.run(arguments)
        #expect(result.status == 2, "stderr: \(result.err)")
        #expect(result.err.contains(message), "stderr: \(result.err)")
        #expect(!result.err.contains("connection refused"))
    }

    @Test("the per-command options of other commands are bounded the same way")
    func otherCommands() async throws {
        let parallel = try await TribProcess.run(["quit", "127.0.0.1:1", "--parallel", "100000"])
        #expect(parallel.status == 2)
        #expect(parallel.err.contains("--parallel takes a whole number from 1 to 64, not '100000'"))
        let replicas = try await TribProcess.run(["sandbox", "start", "3", "--replicas", "9223372036854775807"])
        #expect(replicas.status == 2)
        #expect(replicas.err.contains("--replicas takes a whole number from 0 to 99"))
    }

    @Test("control characters in an argument are escaped in the error, never written raw")
    func escapedError() async throws {
        let result = try await TribProcess.run(["list", "\u{1B}[2J\u{1B}]0;pwned\u{7}host:1"])
        #expect(result.status != 0)
        #expect(!result.err.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(result.err.contains("\\u{1B}[2J\\u{1B}]0;pwned\\u{7}host"), "stderr: \(result.err)")
    }

    @Test("standard input closed or a directory: a clear error and exit 2")
    func unreadableInput() async throws {
        let closed = try await Self.bash(#""$TRIB" <&-"#)
        #expect(closed.status == 2)
        #expect(Self.text(closed.err) == "redis-trib: error: standard input is closed: there are no statements to read\n")
        let directory = try await Self.bash(#""$TRIB" < /"#)
        #expect(directory.status == 2)
        #expect(Self.text(directory.err) == "redis-trib: error: standard input is a directory, not a script\n")
    }

    @Test("standard output and error closed by the shell: the statements run, nothing is written to a reused descriptor")
    func closedOutputDescriptors() async throws {
        let result = try await Self.bash(#""$TRIB" -c 'echo x; echo ${count([1, 2])}' >&- 2>&-; echo "status $?""#)
        #expect(Self.text(result.out) == "status 0\n")
        let failing = try await Self.bash(#""$TRIB" -c 'echo (1 / 0)' >&- 2>&-; echo "status $?""#)
        #expect(Self.text(failing.out) == "status 1\n")
    }

    @Test("a megabyte of NUL bytes or random bytes gives a few lines of errors, not one per byte")
    func garbageInput() async throws {
        let zeros = try await Self.bash(#"head -c 1048576 /dev/zero | "$TRIB""#)
        #expect(zeros.status == 2)
        #expect(zeros.err.count < 200, "\(Self.text(zeros.err))")
        #expect(Self.text(zeros.err).contains("line 1 of standard input is longer than 65,536 bytes"))
        // Lines short enough to parse, each all NULs: the diagnostics are capped per statement.
        let shortLines = try await Self.bash(#"head -c 60000 /dev/zero | "$TRIB""#)
        #expect(shortLines.status == 2)
        #expect(shortLines.err.count < 20_000, "\(shortLines.err.count) bytes")
        #expect(Self.text(shortLines.err).contains("too many errors"))
        let random = try await Self.bash(#"head -c 4194304 /dev/urandom | "$TRIB" --keep-going"#)
        #expect(random.status == 1 || random.status == 2)
        #expect(random.err.count < 2_000_000, "\(random.err.count) bytes")
        #expect(!random.err.contains(0x1B))
    }

    @Test("piped statements run as they arrive: the first result comes before the input ends")
    func streaming() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TribProcess.binaryPath)
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let guardTimer = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: guardTimer)
        defer { guardTimer.cancel() }
        input.fileHandleForWriting.write(Data("echo first\nfor i in 1-2 {\n".utf8))
        // Input is still open; the first statement's output must already arrive.
        var received = Data()
        while !Self.text(received).contains("first\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        #expect(Self.text(received) == "first\n")
        #expect(process.isRunning)
        input.fileHandleForWriting.write(Data("  echo \"in $i\"\n}\necho last\n".utf8))
        try input.fileHandleForWriting.close()
        received += output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Self.text(received) == "first\nin 1\nin 2\nlast\n")
    }

    @Test("an endless producer into a closed reader: redis-trib stops cleanly, no SIGPIPE")
    func endlessIntoHead() async throws {
        let result = try await Self.bash(#"yes 'echo y' | "$TRIB" | head -3; echo "status ${PIPESTATUS[1]}" >&2"#)
        #expect(Self.text(result.out) == "y\ny\ny\n")
        #expect(Self.text(result.err).hasSuffix("status 0\n"), "\(Self.text(result.err))")
    }

    @Test("a line number in a diagnostic of piped input counts from the first line of the input")
    func pipedLineNumbers() async throws {
        let result = try await Self.bash(#"printf 'echo a\necho b\n\necho )\n' | "$TRIB""#)
        // The first error is a syntax error: bad usage.
        #expect(result.status == 2)
        #expect(Self.text(result.out) == "a\nb\n")
        #expect(Self.text(result.err).hasPrefix("<stdin>:4:6: error:"), "\(Self.text(result.err))")
    }

    @Test("a piped statement past line 1 that carries a password is quoted at its own line, password masked")
    func pipedLineWithPasswordIsMasked() async throws {
        let result = try await Self.bash(#"printf 'echo a\nexecute 127.0.0.1:1 CONFIG SET requirepass pw\n' | "$TRIB""#)
        let err = Self.text(result.err)
        #expect(result.status == 1)
        #expect(err.hasPrefix("<stdin>:2:"), "\(err)")
        #expect(err.contains("CONFIG SET requirepass **"), "the source line is not shown masked: \(err)")
        #expect(!err.contains("requirepass pw"), "\(err)")
    }

    @Test("-v migrate_slots into a reader that leaves after 3 lines: the move finishes, exit 0")
    func closedOutputDuringAMove() async throws {
        try await withLocalServers(2) { servers in
            let nodes = servers.map(\.address.description)
            #expect(try await TribProcess.run(["start_multi"] + nodes).status == 0)
            let slots = SlotSet(0...99)
            let keys = SlotKeys(slots: slots, perSlot: 5)
            try await withConnection(to: servers[0].address) { connection in
                let commands = keys.values.map { RedisCommand(arguments: [ByteBuffer(string: "SET"), $0.key, $0.value]) }
                _ = try await connection.pipeline(commands)
            }
            let script =
                #""$TRIB" -v migrate_slots "# + "\(nodes[0]) \(nodes[1]) 0-99"
                + #" 2>&1 | head -3; echo "status ${PIPESTATUS[0]}" >&2"#
            let result = try await Self.bash(script)
            #expect(Self.text(result.out).split(separator: "\n").count == 3)
            #expect(Self.text(result.err) == "status 0\n", "\(Self.text(result.err))")
            // The move finished although nobody read its end: the source no longer has the slots.
            let list = try await TribProcess.run(["--json", "list", nodes[1]])
            let object = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: Any]
            let listed = object?["nodes"] as? [[String: Any]] ?? []
            let source = listed.first { $0["address"] as? String == nodes[0] }
            let target = listed.first { $0["address"] as? String == nodes[1] }
            #expect((source?["slots"] as? String)?.hasPrefix("100-") == true, "\(list.out)")
            #expect((target?["slots"] as? String)?.hasPrefix("0-99 ") == true, "\(list.out)")
        }
    }
}
