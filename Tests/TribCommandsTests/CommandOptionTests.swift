import RESP
import RedisTrib
import Testing

@testable import TribCommands

/// Options are read through typed keys and set on operation options by the one function a library
/// caller, the command line and the language share.
@Suite("Command options: typed values and where they go")
struct CommandOptionTests {
    static let head = ["127.0.0.1:7000", "127.0.0.1:7001", "5-7"]

    func arguments(_ words: [String], command: String = "migrate_slots") throws -> CommandArguments {
        try CommandArguments(parsing: words, for: try #require(CommandCatalog.command(named: command)))
    }

    @Test("every option that goes into operation options is set on them; no other field changes")
    func applied() throws {
        let given = try arguments(
            Self.head + [
                "--replace", "--force", "--keys-per-batch", "7", "--batch-bytes=4096", "--migrate-timeout", "250",
                "--no-atomic", "--atomic-timeout", "90",
            ])
        let base = OperationOptions(waitTimeout: 12, dryRun: true)
        let options = given.applyingOptions(to: base)
        #expect(options.replaceBusyKeys && options.force)
        #expect(options.keysPerBatch == 7)
        #expect(options.bytesPerBatch == 4096)
        #expect(options.migrateTimeoutMilliseconds == 250)
        #expect(options.atomic == .never)
        #expect(options.atomicTimeout == 90)
        #expect(options.waitTimeout == 12 && options.dryRun)
        #expect(options.parallelMoves == base.parallelMoves)
    }

    @Test("--transfer takes migrate or dump on every command that moves keys key by key; another word is a usage error naming it")
    func transfer() throws {
        #expect(try arguments(Self.head + ["--transfer", "dump"]).applyingOptions(to: OperationOptions()).transfer == .dump)
        #expect(try arguments(Self.head + ["--transfer=migrate"]).applyingOptions(to: OperationOptions(transfer: .dump)).transfer == .migrate)
        #expect(try arguments(Self.head).applyingOptions(to: OperationOptions()).transfer == .migrate)
        for command in ["join", "quit", "del_node", "fix", "migrate_slots", "rebalance", "reshard"] {
            let signature = try #require(CommandCatalog.command(named: command))
            let option = try #require(signature.options.first { $0.name == "--transfer" }, "\(command) has no --transfer")
            #expect(option.placeholder == "migrate|dump")
        }
        for bad in ["DUMP", "restore", ""] {
            let error = #expect(throws: TribError.self) { try arguments(Self.head + ["--transfer", bad]) }
            #expect(error?.code == .usage)
            #expect(error?.message == "--transfer is one of migrate, dump, not '\(bad)'")
            #expect(error?.wordIndex == Self.head.count + 1)
        }
        #expect(throws: TribError.self) { try arguments(Self.head + ["--transfer", "dump", "--transfer", "migrate"]) }
        #expect(try arguments(Self.head + ["--transfer", "dump"]).optionFingerprint != (try arguments(Self.head).optionFingerprint))
    }

    @Test("no option given leaves the options as they were")
    func nothingGiven() throws {
        let options = try arguments(Self.head).applyingOptions(to: OperationOptions(keysPerBatch: 3, atomic: .always))
        #expect(options.keysPerBatch == 3 && options.atomic == .always && !options.replaceBusyKeys)
    }

    @Test("options the command reads itself leave operation options alone and are read by their keys")
    func readByCommand() throws {
        let shutdown = try arguments(["127.0.0.1:7000", "--ignore-failed"], command: "shutdown")
        #expect(shutdown[CommandCatalog.ignoreFailed])
        #expect(shutdown.optionFingerprint.isEmpty)
        let start = try arguments(["127.0.0.1:7000", "--max-slots", "100"], command: "start")
        #expect(start[CommandCatalog.maxSlots] == 100)
        #expect(start.applyingOptions(to: OperationOptions()).keysPerBatch == OperationOptions().keysPerBatch)
        let execute = try arguments(["127.0.0.1:7000", "--replicas-only", "PING"], command: "execute")
        #expect(execute[CommandCatalog.nodeSelection] == .replicas)
        #expect(try execute[CommandCatalog.command] == ["PING"])
    }

    @Test("parameters are read as the type their key declares")
    func typedParameters() throws {
        let given = try arguments(["--dst-addr", "127.0.0.1:7001", "127.0.0.1:7000", "5-7", "9"])
        #expect(try given[CommandCatalog.source] == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(try given[CommandCatalog.target] == NodeAddress(host: "127.0.0.1", port: 7001))
        #expect(try given[CommandCatalog.slots] == SlotSet(parsing: "5-7 9"))
        #expect(given[CommandCatalog.atomicMode] == nil)
        #expect(!given[CommandCatalog.replace])
        #expect(throws: TribError.self) { try given[CommandCatalog.newNode] }
    }

    @Test("the fingerprint tells apart what the operator runs with, and only that")
    func fingerprint() throws {
        let plain = try arguments(Self.head).optionFingerprint
        let atomic = try arguments(Self.head + ["--atomic"]).optionFingerprint
        let noAtomic = try arguments(Self.head + ["--no-atomic"]).optionFingerprint
        #expect(Set([plain, atomic, noAtomic]).count == 3)
        let reordered = try arguments(["--replace", "--keys-per-batch=5"] + Self.head).optionFingerprint
        #expect(reordered == (try arguments(Self.head + ["--keys-per-batch", "5", "--replace"]).optionFingerprint))
    }
}
