import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// The builtins that ask a live cluster (`info`, `config`, `dbsize`, `count_keys`, `keys_in_slot`,
/// `slot_stats`, `big_keys`, `call`), and the new language around them, through the binary.
@Suite("the language's builtins that explore a live cluster")
struct ExplorationBuiltinTests {
    @Test("each exploring builtin answers from the nodes, with values the script can compute with")
    func explore() async throws {
        try await withLocalServers(3) { servers in
            try await buildCluster(servers)
            let nodes = servers.map(\.address)
            let a = nodes[0]
            let keys = SlotKeys(slots: SlotSet(0...99), perSlot: 7, valueSize: 16)
            try await keys.write(to: a)
            // One big key in slot 0's hash tag, on the first master.
            let big = try await writeBigKey(in: try HashSlot(0), bytes: 200_000, to: a)
            let total = keys.values.count + 1
            // Valkey counts CPU and network per slot once asked to.
            if ImportTests.isValkey {
                for node in nodes {
                    try await withConnection(to: node) { _ = try await $0.send("CONFIG", "SET", "cluster-slot-stats-enabled", "yes") }
                }
            }
            let script = """
                connect \(a)
                def keys_of(s) { return $s.keys }
                echo port (info(\(a), "server").tcp_port)
                echo config ("maxmemory" in config(\(a), "maxmemory*")) (config(\(a), "maxmemory").maxmemory)
                echo dbsize dbsize(\(a))
                echo count_keys count_keys(5) count(keys_in_slot(5, 3)) keyslot(first(keys_in_slot(5)))
                let stats = slot_stats()
                echo stats count($stats) sum(map($stats, keys_of)) ("cpu_usec" in $stats[0])
                let biggest = big_keys(\(a), 2)
                echo big $biggest[0].key $biggest[0].slot ($biggest[0].bytes > 200000) count($biggest)
                echo call call(\(a), "PING") call(\(a), "CONFIG", "GET", "maxmemory").maxmemory call(\(a), "CLUSTER", "INFO").cluster_state
                echo sections ("memory" in info(\(a))) info(\(a), "keyspace").db0.keys count(info(\(a), "replication").master_replid2)
                let replies = execute(\(a), "CLUSTER", "INFO")
                echo execute count($replies) $replies[2].value.cluster_state $replies[0].value.cluster_known_nodes
                try { call(\(a), "NOSUCHCOMMAND") } catch e { echo caught $e.code $e.node }
                """ + (ImportTests.isValkey ? "\necho slot-stats call(\(a), \"CLUSTER\", \"SLOT-STATS\", \"SLOTSRANGE\", \"5\", \"6\")[0].keys" : "")
            let run = try await TribProcess.run(["-c", script])
            #expect(run.status == 0, "\(run.out) \(run.err)")
            let lines = run.out.split(separator: "\n").map(String.init)
            #expect(lines.contains("port \(a.port)"), "\(run.out)")
            #expect(lines.contains("config true 0"), "\(run.out)")
            #expect(lines.contains("dbsize \(total)"), "\(run.out)")
            #expect(lines.contains("count_keys 7 3 5"), "\(run.out)")
            // Every slot of the 3 masters, and every key; CPU figures where the server has SLOT-STATS (Valkey 8+).
            #expect(lines.contains("stats 16384 \(total) \(ImportTests.isValkey)"), "\(run.out)")
            #expect(lines.contains("big \(big) 0 true 2"), "\(run.out)")
            #expect(lines.contains("call PONG 0 ok"), "\(run.out)")
            // A replication id of forty zeros stays text, not the integer 0.
            #expect(lines.contains("sections true \(total) 40"), "\(run.out)")
            #expect(lines.contains("execute 3 ok 3"), "\(run.out)")
            #expect(lines.contains { $0.hasPrefix("caught node-error \(a)") }, "\(run.out)")
            if ImportTests.isValkey {
                #expect(lines.contains("slot-stats 7"), "\(run.out)")
            }
        }
    }

    @Test("big_keys: a replica is read too; an aggregate is sized by MEMORY USAGE's sample, not a walk of every element; a scan cut short warns")
    func bigKeys() async throws {
        try await withLocalServers(2, extraArguments: ["--enable-debug-command", "yes"]) { servers in
            let (master, replica) = (servers[0].address, servers[1].address)
            try await withOperator(.testing) { trib in
                try await trib.startMulti([master])
                try await trib.replicate(master: master, replica: replica)
            }
            // A set of 20,000 members (about 1 MB), a 100 kB string, 50 small keys; every command logged.
            try await withConnection(to: master) { connection in
                for batch in 0..<20 {
                    _ = try await connection.send(RedisCommand(["SADD", "members"] + (0..<1000).map { "member-\(batch)-\($0)" }))
                }
                _ = try await connection.send("DEBUG", "POPULATE", "50", "small", "8")
                _ = try await writeBigKey(in: try HashSlot(0), bytes: 100_000, to: master)
                _ = try await connection.send("CONFIG", "SET", "slowlog-max-len", "1000")
                _ = try await connection.send("CONFIG", "SET", "slowlog-log-slower-than", "0")
                _ = try await connection.send("SLOWLOG", "RESET")
            }
            #expect(try await waitUntilReplicated(replica, from: master), "the replica never caught up")
            let script = "let b = big_keys(NODE, 2)\necho $b[0].key $b[1].key count($b)"
            let run = try await TribProcess.run(["-c", script.replacingOccurrences(of: "NODE", with: master.description)])
            #expect(run.status == 0 && run.err.isEmpty, "\(run.out) \(run.err)")
            #expect(run.out == "members {\(SlotKeys.tag(for: try HashSlot(0)))}big 2\n", "\(run.out)")
            var usages: [[String]] = []
            try await withConnection(to: master) { connection in
                usages = (try await connection.send("SLOWLOG", "GET", "1000").elements ?? []).compactMap { entry -> [String]? in
                    let words = entry.elements?.dropFirst(3).first?.elements?.compactMap(\.string) ?? []
                    return words.first?.uppercased() == "MEMORY" ? words : nil
                }
            }
            #expect(usages.count == 52, "\(usages)")
            #expect(usages.allSatisfy { $0.count == 3 }, "MEMORY USAGE with options: \(usages.filter { $0.count != 3 })")
            // The replica answers alike (READONLY), not with MOVED.
            let onReplica = try await TribProcess.run(["-c", script.replacingOccurrences(of: "NODE", with: replica.description)])
            #expect(onReplica.status == 0 && onReplica.err.isEmpty, "\(onReplica.out) \(onReplica.err)")
            #expect(onReplica.out == run.out, "\(onReplica.out)")
            // A dry run sends READONLY too: it changes no data.
            let dryOnReplica = try await TribProcess.run(["--dry-run", "-c", script.replacingOccurrences(of: "NODE", with: replica.description)])
            #expect(dryOnReplica.status == 0 && dryOnReplica.out == run.out, "\(dryOnReplica.out) \(dryOnReplica.err)")
            // 120,000 keys more than it reads (100,000 at most): the biggest it read, and a warning that says so.
            try await withConnection(to: master) { _ = try await $0.send("DEBUG", "POPULATE", "120000", "many", "8") }
            let cut = try await TribProcess.run(["-c", script.replacingOccurrences(of: "NODE", with: master.description)])
            #expect(cut.status == 0, "\(cut.out) \(cut.err)")
            #expect(cut.out.hasSuffix(" 2\n"), "\(cut.out)")
            #expect(cut.err.contains("warning: big_keys read ") && cut.err.contains("of the 120,052 keys of \(master)"), "\(cut.err)")
        }
    }

    @Test("big_keys in the middle of a slot migration: a key of the importing slot (MOVED without ASKING) is skipped, not an error")
    func bigKeysDuringAMigration() async throws {
        try await withLocalServers(2) { servers in
            try await buildCluster(servers)
            let (a, b) = (servers[0].address, servers[1].address)
            let big = try await writeBigKey(in: try HashSlot(0), bytes: 50_000, to: a)
            let other = try await writeBigKey(in: try HashSlot(9000), bytes: 1_000, to: b)
            let aID = try #require(try await ownView(a)?.id)
            let bID = try #require(try await ownView(b)?.id)
            // Slot 0 half moved: its big key is on b, which imports the slot and so answers it only after ASKING.
            try await withConnection(to: b) { _ = try await $0.send("CLUSTER", "SETSLOT", "0", "IMPORTING", aID) }
            try await withConnection(to: a) { connection in
                _ = try await connection.send("CLUSTER", "SETSLOT", "0", "MIGRATING", bID)
                _ = try await connection.send("MIGRATE", b.host, String(b.port), big, "0", "5000")
            }
            // The key did move: b holds it besides its own, so the skip below is of a key b has.
            #expect(try await totalKeys([b]) == 2)
            let run = try await TribProcess.run(["-c", "let k = big_keys(\(b), 5)\necho count($k) $k[0].key"])
            #expect(run.status == 0 && run.err.isEmpty, "\(run.out) \(run.err)")
            #expect(run.out == "1 \(other)\n", "\(run.out)")
            // The largest count is no crash: no more are kept than are read.
            let most = try await TribProcess.run(["-c", "echo count(big_keys(\(b), 9223372036854775807))"])
            #expect(most.status == 0 && most.out == "1\n", "\(most.out) \(most.err)")
        }
    }

    @Test("a dry run lets the exploring builtins read, and `call` of a command that writes is not sent")
    func dryRun() async throws {
        try await withLocalServers(1) { servers in
            try await buildCluster(servers)
            let a = servers[0].address
            let run = try await TribProcess.run(["--dry-run", "-c", "echo dbsize(\(a)) call(\(a), \"SET\", \"k\", \"v\")"])
            #expect(run.status == 0, "\(run.out) \(run.err)")
            #expect(run.out.contains("would send to \(a): SET k v"), "\(run.out)")
            // The reply of what was not sent says so; it is no made-up OK.
            #expect(run.out.contains("0 (not sent: dry run)"), "\(run.out)")
            #expect(try await totalKeys([a]) == 0)
        }
    }

    @Test("a list of maps prints as a table; with --json, as JSON")
    func tables() async throws {
        let text = try await TribProcess.run(["-c", "[{port: 7000, role: \"master\"}, {port: 17001, role: \"replica\"}]"])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out == "port   role\n7000   master\n17001  replica\n", "\(text.out)")
        let json = try await TribProcess.run(["--json", "-c", "[{port: 7000}, nil]"])
        #expect(json.status == 0, "\(json.err)")
        #expect(json.out == #"{"value":[{"port":7000},null]}"# + "\n", "\(json.out)")
    }
}
