import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

@Suite("Scripts, pipes and one-liners against a real cluster", .serialized)
struct ScriptTests {
    /// Writes a script to a temporary file and returns its path.
    private func scriptFile(_ text: String, executable: Bool = false) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trib-\(UUID().uuidString.prefix(8)).trib").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return path
    }

    @Test("the spec's script runs from a file, from a pipe, and as an executable #! file")
    func specScript() async throws {
        try await withLocalServers(5) { servers in
            try await buildCluster(Array(servers.prefix(2)))
            let (a, b) = (servers[0].address, servers[1].address)
            let keys = SlotKeys(slots: try SlotSet(parsing: "0 2 4-7 100-199"), perSlot: 20)
            try await keys.write(to: a)
            // docs/LANGUAGE.md's example, on this cluster: its nodes for 127.0.0.1:7000 and 7001, the
            // script's arguments for the nodes it joins, and a last line that counts the nodes.
            var script = try LanguageDocument.exampleScript()
            for (text, replacement) in [
                ("127.0.0.1:7000", "\(a)"), ("127.0.0.1:7001", "\(b)"),
                ("for port in 7003-7005 { join_no_load $src 127.0.0.1:$port }", "for new in $args { join_no_load $src $new }"),
            ] {
                try #require(script.contains(text), "docs/LANGUAGE.md's example no longer has `\(text)`")
                script = script.replacingOccurrences(of: text, with: replacement)
            }
            script += "echo \"nodes: ${count(nodes())}\"\n"
            let path = try scriptFile(script)
            let extra = servers.dropFirst(2).map(\.address.description)
            let run = try await TribProcess.run(["run", path] + extra)
            #expect(run.status == 0, "\(run.err)")
            let lines = run.out.split(separator: "\n").map(String.init)
            #expect(lines.contains("\(a) has \(8192 - 106) slots"), "\(run.out)")
            #expect(lines.contains("\(b) has \(8192 + 106) slots"), "\(run.out)")
            #expect(lines.filter { $0 == "ok" }.count == 2)
            #expect(lines.last == "nodes: 5")
            #expect(!run.out.contains("\u{1B}"), "escape sequences in piped output")
            #expect(try await keys.missing(on: b).isEmpty)

            // The same language from a pipe: read to the end, no prompt, plain text.
            let piped = try await TribProcess.run([], input: "connect \(a); for n in masters() { echo $n.port }\n")
            let out = piped.out
            #expect(piped.status == 0, "\(piped.err)")
            #expect(out.contains("\(a.port)\n") && out.contains("\(b.port)\n") && !out.contains("redis-trib>"))

            // An executable file starting with #!/usr/bin/env redis-trib.
            let shebang = try scriptFile("#!/usr/bin/env redis-trib\necho \"first: $1, all: ${count($args)}\"\n", executable: true)
            let folder = URL(fileURLWithPath: TribProcess.binaryPath).deletingLastPathComponent().path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: shebang)
            process.arguments = ["one", "two"]
            process.environment = ["PATH": folder + ":/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let shebangOut = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(shebangOut == "first: one, all: 2\n")
        }
    }

    @Test("the first error stops a script with status 1 (2 when the script is wrong as written) and a located diagnostic; --keep-going goes on")
    func errors() async throws {
        try await withLocalServers(3) { servers in
            try await buildCluster(servers)
            let (a, b) = (servers[0].address, servers[1].address)
            // 12000 belongs to the third master.
            let path = try scriptFile("echo start\nmigrate_slots \(a) \(b) 12000\necho after\n")
            let stopped = try await TribProcess.run(["run", path])
            #expect(stopped.status == 1)
            #expect(stopped.out == "start\n")
            #expect(stopped.err.contains("\(path):2:1: error: "))
            #expect(stopped.err.contains("\(a) does not hold slot(s) 12000"))
            #expect(stopped.err.contains("\nmigrate_slots \(a) \(b) 12000\n^~~~"))
            let going = try await TribProcess.run(["--keep-going", "run", path])
            #expect(going.status == 1)
            #expect(going.out == "start\nafter\n")
            #expect(going.err.contains("does not hold slot(s) 12000"))

            // A script wrong as written is bad usage, like a wrong command line.
            let typo = try await TribProcess.run(["-c", "migrate_slot \(a) \(b) 1"])
            #expect(typo.status == 2)
            #expect(typo.err.contains("did you mean `migrate_slots`?"))
            let syntax = try await TribProcess.run(["-c", "echo before\nfor x in [1, 2] {\n  echo $x\n"])
            #expect(syntax.status == 2)
            #expect(syntax.out.isEmpty, "a script with a syntax error must not half-run")
        }
    }

    @Test("--dry-run prints the commands it would send to which node and changes nothing")
    func dryRun() async throws {
        try await withLocalServers(2) { servers in
            try await withCluster(servers) { trib in
                let (a, b) = (servers[0].address, servers[1].address)
                let keys = SlotKeys(slots: [try HashSlot(3)], perSlot: 10)
                try await keys.write(to: a)
                let before = try await trib.listNodes(a).nodes.map(\.slots)
                // Key by key, as Redis 7.0 moves slots; Valkey 9 would use its atomic migration by default.
                let result = try await TribProcess.run(["--dry-run", "-c", "migrate_slots \(a) \(b) 3 --no-atomic"])
                #expect(result.status == 0, "\(result.err)")
                #expect(result.out.contains("would send to \(b): CLUSTER SETSLOT 3 IMPORTING"))
                #expect(result.out.contains("would send to \(a): CLUSTER SETSLOT 3 MIGRATING"))
                #expect(result.out.contains("would send to \(a): MIGRATE \(b.host) \(b.port)"))
                #expect(result.out.contains("(10 keys of slot 3)"))
                let automatic = try await TribProcess.run(["--dry-run", "migrate_slots", "\(a)", "\(b)", "3"])
                #expect(automatic.status == 0, "\(automatic.err)")
                #expect(automatic.out.contains("would send to "))
                #expect(try await trib.listNodes(a).nodes.map(\.slots) == before)
                #expect(try await totalKeys([a]) == 10)
            }
        }
    }

    @Test("--json prints one JSON object per line for results, echoes and diagnostics")
    func json() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let a = servers[0].address
            let result = try await TribProcess.run(["--json", "-c", "echo hi; masters \(a); echo $missing"])
            #expect(result.status == 1)
            let lines = result.out.split(separator: "\n")
            try #require(lines.count == 2, "\(result.out)")
            let objects = lines.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            // The echo, as its text.
            #expect(objects[0]?.count == 1 && objects[0]?["echo"] as? String == "hi", "\(lines[0])")
            // The masters, as the cluster has them: both nodes, every slot, and which one was asked.
            let masters = try #require(objects[1], "\(lines[1])")
            #expect(masters["command"] as? String == "masters \(a)")
            let nodes = masters["nodes"] as? [[String: Any]] ?? []
            #expect(Set(nodes.compactMap { $0["address"] as? String }) == Set(servers.map(\.address.description)))
            #expect(nodes.allSatisfy { $0["role"] as? String == "master" })
            #expect(nodes.compactMap { $0["slot_count"] as? Int }.reduce(0, +) == HashSlot.count)
            let asked = nodes.first { $0["address"] as? String == a.description }
            #expect(asked?["id"] as? String != nil && asked?["id"] as? String == masters["myself"] as? String)
            let diagnostic = try JSONSerialization.jsonObject(with: Data(result.err.utf8)) as? [String: Any]
            let body = diagnostic?["diagnostic"] as? [String: Any]
            #expect(body?["id"] as? String == "unknown-variable")
            #expect(body?["line"] as? Int == 1)
        }
    }
}
