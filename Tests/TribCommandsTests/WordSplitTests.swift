import RESP
import RedisTrib
import Testing
import TribCommands

/// Word splitting and argument binding, as the command line and the language use them.
struct WordSplitTests {
    private func command(_ name: String) throws -> CommandSignature {
        try #require(CommandCatalog.command(named: name))
    }

    @Test func optionsAreSplitFromPositionalWordsInEitherSpelling() throws {
        let migrate = try command("migrate_slots")
        let split = migrate.splitWords(["a:1", "--keys-per-batch", "5", "b:2", "--replace", "--parallel=3", "7"])
        #expect(split.positional == [0, 3, 6])
        #expect(split.options.map(\.name) == ["--keys-per-batch", "--replace", "--parallel"])
        #expect(split.options.map(\.value) == ["5", nil, "3"])
    }

    @Test func afterADoubleDashEveryWordIsPositional() throws {
        let split = try command("migrate_slots").splitWords(["--replace", "--", "--force"])
        #expect(split.positional == [2])
        #expect(split.options.map(\.name) == ["--replace"])
    }

    @Test func theWordsOfACommandToRunAreAllPositional() throws {
        let execute = try command("execute")
        let split = execute.splitWords(["127.0.0.1:1", "all", "CLIENT", "KILL", "--", "--skipme"])
        #expect(split.options.isEmpty)
        #expect(split.positional == [0, 1, 2, 3, 4, 5])
    }

    @Test func argumentsAreBoundByKind() throws {
        let arguments = try CommandArguments(
            parsing: ["127.0.0.1:7000", "[::1]:7001", "1", "4-7", "--keys-per-batch=20", "--replace"], for: try command("migrate")
        )
        #expect(try arguments[CommandCatalog.source] == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(try arguments[CommandCatalog.target] == NodeAddress(host: "::1", port: 7001))
        #expect(try arguments[CommandCatalog.slots].count == 5)
        #expect(arguments[CommandCatalog.keysPerBatch] == 20)
        #expect(arguments[CommandCatalog.replace] && !arguments[CommandCatalog.force])
        #expect(arguments.optionFingerprint == "--keys-per-batch=20 --replace=true")
    }

    @Test func aChoiceAndTheRestOfALineAreKept() throws {
        let sandbox = try CommandArguments(parsing: ["start", "3", "--replicas", "0"], for: try command("sandbox"))
        #expect(try sandbox[CommandCatalog.sandboxAction] == "start")
        #expect(try sandbox[CommandCatalog.sandboxNodeCount] == 3)
        #expect(sandbox[CommandCatalog.sandboxReplicas] == 0)
        let execute = try CommandArguments(parsing: ["127.0.0.1:1", "SET", "k", "--v"], for: try command("execute"))
        #expect(try execute[CommandCatalog.command] == ["SET", "k", "--v"])
    }

    @Test(
        "malformed arguments are usage errors naming the word",
        arguments: [
            ("migrate_slots", ["a:1", "b:2"], "missing SLOT"),
            ("migrate_slots", ["a:1", "b:2", "16384"], "SLOT: '16384' is not a hash slot"),
            ("migrate_slots", ["a:1", "b:2", "1", "--replace=yes"], "--replace takes no value"),
            ("migrate_slots", ["a:1", "b:2", "1", "--keys-per-batch"], "--keys-per-batch needs a value"),
            ("migrate_slots", ["a:1", "b:2", "1", "--replace", "--replace"], "--replace is given more than once"),
            ("migrate_slots", ["a:1", "b:2", "1", "--bogus"], "migrate_slots has no option '--bogus'; its options are --replace"),
            ("list", ["a:1", "b:2"], "unexpected argument 'b:2'"),
            ("start", ["localhost"], "NODE: 'localhost' is not a node address"),
            ("sandbox", ["restart"], "ACTION is one of start, status, stop, not 'restart'"),
        ]
    )
    func malformed(name: String, words: [String], message: String) throws {
        let signature = try command(name)
        #expect {
            try CommandArguments(parsing: words, for: signature)
        } throws: { error in
            guard let error = error as? TribError else { return false }
            return [.usage, .invalidSlot].contains(error.code) && error.message.contains(message)
        }
    }
}
