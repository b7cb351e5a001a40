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
                echo call call(\(a), "PING") (call(\(a), "CONFIG", "GET", "maxmemory")[0]) call(\(a), "CLUSTER", "INFO").cluster_state
                echo sections ("memory" in info(\(a))) info(\(a), "keyspace").db0.keys
                try { call(\(a), "NOSUCHCOMMAND") } catch e { echo caught $e.code $e.node }
                """
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
            #expect(lines.contains("call PONG maxmemory ok"), "\(run.out)")
            #expect(lines.contains("sections true \(total)"), "\(run.out)")
            #expect(lines.contains { $0.hasPrefix("caught node-error \(a)") }, "\(run.out)")
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
