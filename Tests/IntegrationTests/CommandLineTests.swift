import Foundation
import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands

@Suite("The redis-trib binary", .serialized)
struct CommandLineTests {
    @Test("help lists every command from the table; help COMMAND shows its usage")
    func help() async throws {
        let overview = try await TribProcess.run(["--help"])
        #expect(overview.status == 0)
        for command in CommandCatalog.commands {
            #expect(overview.out.contains("  \(command.name) "), "help lacks \(command.name)")
        }
        let one = try await TribProcess.run(["help", "migrate_slots"])
        #expect(one.status == 0)
        #expect(one.out.hasPrefix("redis-trib migrate_slots SRC DST SLOT… [--replace] [--force] [--keys-per-batch N]"))
        #expect(one.out.contains("\nIt changes the cluster; with --dry-run it shows what it would send and changes nothing.\n"), "\(one.out)")
        #expect(try await TribProcess.run(["help", "list"]).out.contains("\nIt only reads the cluster.\n"))
        // A function of the language, by its name or an alias, from its declaration.
        let function = try await TribProcess.run(["help", "len"])
        #expect(function.status == 0)
        let summary = "slots in a slot set, elements of a list, entries of a map, characters of a string, numbers in a range"
        let arguments = "Arguments: `x`: a slot set, a list, a map, a string or a range."
        #expect(function.out == "count(x)\n\n\(summary)\n\(arguments)\nAlso: len(x).\n", "\(function.out)")
        let mistyped = try await TribProcess.run(["help", "keyslt"])
        #expect(mistyped.status == 2)
        #expect(mistyped.err.contains("no command, function or keyword 'keyslt'; did you mean 'keyslot'?"), "\(mistyped.err)")
        // A keyword and a node attribute, from their declarations.
        let keyword = try await TribProcess.run(["help", "for"])
        #expect(keyword.status == 0)
        #expect(keyword.out.hasPrefix("for NAME in EXPRESSION { … }\n\nruns the block once for each element of a list"), "\(keyword.out)")
        let attribute = try await TribProcess.run(["help", ".open_slots"])
        #expect(attribute.status == 0)
        #expect(attribute.out == "$node.open_slots\n\nthe slots open on it (a slot set)\n", "\(attribute.out)")
        let noAttribute = try await TribProcess.run(["help", ".slts"])
        #expect(noAttribute.status == 2)
        #expect(noAttribute.err.contains("no value has an attribute 'slts'; did you mean 'slots'?"), "\(noAttribute.err)")
    }

    @Test(
        "bad usage exits 2 with a message naming the input",
        arguments: [
            (["migrate_slot", "127.0.0.1:1", "127.0.0.1:2", "5"], "unknown command 'migrate_slot'; did you mean 'migrate_slots'?"),
            (["migrate_slots", "127.0.0.1:1", "127.0.0.1:2", "16384"], "SLOT: '16384' is not a hash slot"),
            (["migrate_slots", "127.0.0.1:1", "127.0.0.1:2", "7-4"], "SLOT: "),
            (["migrate_slots", "127.0.0.1:1", "127.0.0.1:2"], "missing SLOT"),
            (["start", "localhost"], "NODE: 'localhost' is not a node address"),
            (["start", "127.0.0.1:1", "--max-slots", "0"], "--max-slots takes a whole number from 1 to 16384, not '0'"),
            (["start", "127.0.0.1:1", "--bogus"], "start has no option '--bogus'"),
            (["list", "127.0.0.1:1", "127.0.0.1:2"], "unexpected argument '127.0.0.1:2'"),
            (["start_multi", "127.0.0.1:1", "127.0.0.1:1"], "127.0.0.1:1 is given more than once"),
        ]
    )
    func usageErrors(arguments: [String], message: String) async throws {
        let result = try await TribProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.err.contains(message), "stderr was: \(result.err)")
        #expect(result.out.isEmpty)
    }

    @Test("with --json every line on standard error is a JSON object: the -a warning, a diagnostic, an error")
    func jsonOnStandardError() async throws {
        let script = try await TribProcess.run(["--json", "-a", "pw", "-c", "echo )"])
        #expect(script.status == 2)
        let lines = script.err.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count && lines.count == 2, "\(script.err)")
        #expect((objects.first?["warning"] as? [String: Any])?["code"] as? String == "password-on-command-line")
        #expect((objects.last?["diagnostic"] as? [String: Any])?["id"] as? String == "unmatched-delimiter")
        // The same wrong statement exits 2 from the command line and from a script.
        for arguments in [["migrate_slots", "127.0.0.1:1", "127.0.0.1:1", "5"], ["-c", "migrate_slots 127.0.0.1:1 127.0.0.1:1 5"]] {
            let same = try await TribProcess.run(arguments)
            #expect(same.status == 2, "\(arguments): \(same.err)")
            #expect(same.err.contains("source and target are the same node"), "\(arguments): \(same.err)")
        }
        // --help of the executable's own commands is their help, not a run.
        for command in ["completion", "shell", "run"] {
            let help = try await TribProcess.run([command, "--help"])
            #expect(help.status == 0 && help.out.hasPrefix("redis-trib \(command) "), "\(command) --help: \(help.out)\(help.err)")
        }
        let help = try await TribProcess.run(["--json", "help", "keyslt"])
        #expect(help.status == 2)
        let error = try JSONSerialization.jsonObject(with: Data(help.err.utf8)) as? [String: [String: String]]
        #expect(error?["error"]?["code"] == "usage", "\(help.err)")
    }

    @Test("a node that cannot be reached exits 1, naming it; --json prints the error as JSON")
    func unreachable() async throws {
        let launcher = try LocalServerLauncher()
        let server = try await launcher.startOne()
        let address = server.address
        await launcher.stop([server])
        let text = try await TribProcess.run(["list", "\(address)"])
        #expect(text.status == 1)
        #expect(text.err == "redis-trib: error: \(address): connection refused (nothing listens there)\n")
        let json = try await TribProcess.run(["--json", "list", "\(address)"])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.err.utf8)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "node-error")
        #expect(error?["node"] as? String == "\(address)")
    }

    @Test("commands run against a protected cluster: -a, REDISCLI_AUTH, MIGRATE passes the password on, -v never prints it")
    func protectedCluster() async throws {
        let auth = ["--requirepass", "pw-secret", "--masterauth", "pw-secret"]
        try await withLocalServers(3, extraArguments: auth) { servers in
            let nodes = servers.map(\.address.description)
            let create = try await TribProcess.run(["-a", "pw-secret", "start_multi"] + nodes)
            #expect(create.status == 0, "\(create.err)")
            let options = OperationOptions(connection: ConnectionOptions(password: "pw-secret"))
            let slots = SlotSet(0...3)
            let keys = SlotKeys(slots: slots, perSlot: 25)
            try await withConnection(to: servers[0].address, options: options.connection) { connection in
                let commands = keys.values.map { RedisCommand(arguments: [ByteBuffer(string: "SET"), $0.key, $0.value]) }
                let replies = try await connection.pipeline(commands)
                #expect(replies.allSatisfy { $0.string == "OK" })
            }
            let move = try await TribProcess.run(
                ["-v", "migrate_slots", nodes[0], nodes[1], "0-3"],
                environment: ["REDISCLI_AUTH": "pw-secret"]
            )
            #expect(move.status == 0, "\(move.err)")
            // -v shows each command with its node: MIGRATE, or Valkey's CLUSTER MIGRATESLOTS.
            let sent = move.err.split(separator: "\n").filter { $0.hasPrefix("[\(nodes[0])] ") }
            #expect(sent.contains { $0.contains("MIGRATE") }, "\(move.err)")
            #expect(!move.err.contains("pw-secret") && !move.out.contains("pw-secret"))
            // With --json, -v's trace is JSON too: each command sent with its node, each statement run.
            let traced = try await TribProcess.run(["--json", "-v", "-c", "masters \(nodes[1])"], environment: ["REDISCLI_AUTH": "pw-secret"])
            #expect(traced.status == 0, "\(traced.err)")
            let lines = traced.err.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil }, "\(traced.err)")
            #expect(lines.contains { $0?["node"] as? String == nodes[1] && $0?["sent"] as? String == "CLUSTER NODES" }, "\(traced.err)")
            #expect(lines.contains { ($0?["trace"] as? String)?.hasPrefix("running masters") == true }, "\(traced.err)")
            #expect(!traced.err.contains("pw-secret") && !traced.out.contains("pw-secret"))
            let list = try await TribProcess.run(["--json", "-a", "pw-secret", "masters", nodes[1]])
            let object = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: Any]
            let masters = object?["nodes"] as? [[String: Any]] ?? []
            #expect(masters.count == 3)
            let target = masters.first { $0["address"] as? String == nodes[1] }
            #expect((target?["slots"] as? String)?.hasPrefix("0-3 ") == true)
            let wrong = try await TribProcess.run(["-a", "nope", "list", nodes[0]])
            #expect(wrong.status == 1)
            #expect(wrong.err.contains("authentication failed") && !wrong.err.contains("nope"))
        }
    }

    @Test("execute runs a command on every node and prints each reply")
    func execute() async throws {
        try await withLocalServers(3) { servers in
            let nodes = servers.map(\.address.description)
            #expect(try await TribProcess.run(["start_multi"] + nodes).status == 0)
            let result = try await TribProcess.run(["execute", nodes[0], "--masters-only", "CONFIG", "GET", "cluster-enabled"])
            #expect(result.status == 0)
            for node in nodes {
                #expect(result.out.contains("\(node):\n1) \"cluster-enabled\"\n2) \"yes\""), "\(result.out)")
            }
        }
    }
}
