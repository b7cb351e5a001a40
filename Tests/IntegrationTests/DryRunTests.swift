import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands

@Suite("A dry run changes nothing and shows no password", .serialized)
struct DryRunTests {
    /// `maxmemory` of every server.
    static func maxmemory(of servers: [LocalServer]) async throws -> [String] {
        var values: [String] = []
        for server in servers {
            try await withConnection(to: server.address) { connection in
                let reply = try await connection.send("CONFIG", "GET", "maxmemory")
                values.append(reply.elements?.last?.string ?? "?")
            }
        }
        return values
    }

    /// The number of keys on every server.
    static func keyCounts(of servers: [LocalServer]) async throws -> [Int] {
        var counts: [Int] = []
        for server in servers {
            try await withConnection(to: server.address) { connection in
                counts.append(try await connection.send("DBSIZE").int ?? -1)
            }
        }
        return counts
    }

    @Test("--dry-run execute sends what reads and holds back every change: CONFIG SET, SET, unknown commands; in scripts too")
    func executeHoldsBackChanges() async throws {
        try await withLocalServers(3) { servers in
            let nodes = servers.map(\.address.description)
            #expect(try await TribProcess.run(["start_multi"] + nodes).status == 0)
            let before = try await Self.maxmemory(of: servers)
            #expect(!before.contains("12345"))
            // Keys of the first master's slot 0, so a SET or FLUSHALL sent there would show; one exists already.
            let tag = "{\(SlotKeys.tag(for: try HashSlot(0)))}"
            try await withConnection(to: servers[0].address) { try await $0.send("SET", "\(tag)present", "v0") }

            let config = try await TribProcess.run(["--dry-run", "execute", nodes[0], "--masters-only", "CONFIG", "SET", "maxmemory", "12345"])
            #expect(config.status == 0, "\(config.err)")
            for node in nodes {
                #expect(config.out.contains("would send to \(node): CONFIG SET maxmemory 12345"), "\(config.out)")
            }
            #expect(try await Self.maxmemory(of: servers) == before)

            let set = try await TribProcess.run(["--dry-run", "execute", nodes[0], "SET", "\(tag)k", "v"])
            #expect(set.status == 0 && set.out.contains("would send to \(nodes[0]): SET \(tag)k v"), "\(set.out)\(set.err)")
            let unknown = try await TribProcess.run(["--dry-run", "execute", nodes[0], "NOSUCHCOMMAND", "x"])
            #expect(unknown.out.contains("would send to \(nodes[0]): NOSUCHCOMMAND x"), "\(unknown.out)")
            let script = try await TribProcess.run([
                "--dry-run", "-c",
                "execute \(nodes[0]) CONFIG SET maxmemory 12345\nexecute \(nodes[0]) SET \"\(tag)k\" v\nexecute \(nodes[0]) FLUSHALL",
            ])
            #expect(script.status == 0, "\(script.err)")
            #expect(script.out.contains("would send to \(nodes[1]): CONFIG SET maxmemory 12345"), "\(script.out)")
            #expect(try await Self.maxmemory(of: servers) == before)
            #expect(try await Self.keyCounts(of: servers) == [1, 0, 0])

            let read = try await TribProcess.run(["--dry-run", "execute", nodes[0], "CONFIG", "GET", "maxmemory"])
            #expect(read.status == 0 && !read.out.contains("would send") && !read.out.contains("not sent"), "\(read.out)")
            #expect(read.out.contains("\"maxmemory\""), "\(read.out)")
            let get = try await TribProcess.run(["--dry-run", "execute", nodes[0], "DBSIZE"])
            #expect(get.out.contains("\(nodes[0]): (integer) 1"), "\(get.out)")
            // GET is on no fixed list: sent because the node's COMMAND INFO flags it readonly.
            let flagged = try await TribProcess.run(["--dry-run", "execute", nodes[0], "GET", "\(tag)present"])
            #expect(flagged.status == 0 && !flagged.out.contains("would send") && flagged.out.contains("v0"), "\(flagged.out)\(flagged.err)")
        }
    }

    @Test("a command that carries a password shows it nowhere: -v, would send, JSON, script lines, error replies")
    func passwordsNeverShow() async throws {
        let secret = "hunter2-secret"
        try await withLocalServers(3) { servers in
            let nodes = servers.map(\.address.description)
            #expect(try await TribProcess.run(["start_multi"] + nodes).status == 0)
            let runs: [[String]] = [
                ["-v", "--dry-run", "execute", nodes[0], "CONFIG", "SET", "requirepass", secret],
                ["-v", "--dry-run", "--json", "execute", nodes[0], "ACL", "SETUSER", "bob", "on", ">" + secret],
                ["-v", "--dry-run", "execute", nodes[0], "MIGRATE", nodes[1], "0", "", "0", "5000", "AUTH2", "bob", secret, "KEYS", "a"],
                ["-v", "--dry-run", "-c", "execute \(nodes[0]) CONFIG SET masterauth \(secret)"],
                ["-v", "--json", "-c", "execute \(nodes[0]) ACL SETUSER bob on \"#\(secret)\""],
                ["-v", "execute", nodes[0], "ACL", "SETUSER", "bob", "on", "#" + secret],
            ]
            for arguments in runs {
                let result = try await TribProcess.run(arguments)
                #expect(result.out.contains("(redacted)") || result.err.contains("(redacted)"), "\(arguments): \(result.out)\(result.err)")
                #expect(!result.out.contains(secret) && !result.err.contains(secret), "\(arguments): \(result.out)\(result.err)")
            }
            #expect(try await Self.maxmemory(of: servers).count == 3)
        }
        // A diagnostic quotes the statement's line: the password in it is masked, the caret kept.
        let failed = try await TribProcess.run(["-c", "execute 127.0.0.1:1 CONFIG SET requirepass \(secret)"])
        #expect(failed.status != 0 && failed.err.contains("CONFIG SET requirepass " + String(repeating: "*", count: secret.count)), "\(failed.err)")
        #expect(!failed.err.contains(secret) && !failed.out.contains(secret))
    }
}
