import RESP
import RedisTrib
import Testing

@testable import TribCommands

/// redis-cli's command names and `--cluster-*` options are other spellings of redis-trib's, so
/// scripts written for `redis-cli --cluster` translate word for word.
@Suite("redis-cli's names and options")
struct RedisCLINameTests {
    func arguments(_ words: [String], command: String) throws -> CommandArguments {
        try CommandArguments(parsing: words, for: try #require(CommandCatalog.command(named: command)))
    }

    @Test("redis-cli's command names find the command that does the job")
    func commandNames() throws {
        #expect(CommandCatalog.command(named: "create")?.name == "start_multi")
        #expect(CommandCatalog.command(named: "call")?.name == "execute")
        #expect(CommandCatalog.command(named: "del-node")?.name == "del_node")
        #expect(CommandCatalog.allNames.contains("create"))
        // No name stands for two commands.
        #expect(Set(CommandCatalog.allNames).count == CommandCatalog.allNames.count)
    }

    @Test("an alias sets the option its name sets, on operation options and for the command")
    func aliases() throws {
        let given = try arguments(
            ["127.0.0.1:7000", "127.0.0.1:7001", "5", "--cluster-replace", "--cluster-pipeline", "7", "--cluster-timeout=250"],
            command: "migrate_slots"
        )
        let options = given.applyingOptions(to: OperationOptions())
        #expect(options.replaceBusyKeys)
        #expect(options.keysPerBatch == 7)
        #expect(options.migrateTimeoutMilliseconds == 250)
        let call = try arguments(["127.0.0.1:7000", "--cluster-only-primaries", "PING"], command: "call")
        #expect(call[CommandCatalog.nodeSelection] == .masters)
        let fix = try arguments(["127.0.0.1:7000", "--cluster-fix-with-unreachable-masters"], command: "fix")
        #expect(fix[CommandCatalog.takeUnreachableSlots])
    }

    @Test("redis-cli's flag after the words of call is call's option; any other word there is the command's")
    func flagAfterWords() throws {
        let call = try arguments(["127.0.0.1:7000", "CONFIG", "SET", "maxmemory", "0", "--cluster-only-masters"], command: "call")
        #expect(call[CommandCatalog.nodeSelection] == .masters)
        #expect(try call[CommandCatalog.command] == ["CONFIG", "SET", "maxmemory", "0"])
        let native = try arguments(["127.0.0.1:7000", "ECHO", "--masters-only"], command: "execute")
        #expect(native[CommandCatalog.nodeSelection] == nil)
        #expect(try native[CommandCatalog.command] == ["ECHO", "--masters-only"])
    }

    @Test("an option given under its name and an alias is given twice, and the error names both spellings")
    func aliasTwice() throws {
        let error = try #require(
            throws: TribError.self,
            performing: {
                try arguments(["127.0.0.1:7000", "127.0.0.1:7001", "5", "--replace", "--cluster-replace"], command: "migrate_slots")
            })
        #expect(error.code == .usage)
        #expect(error.message == "--replace is given more than once (also as --cluster-replace)")
        #expect(error.wordIndex == 4)
    }

    @Test("a repeatable option keeps every value in the order given, under any spelling")
    func repeatable() throws {
        let weights = CommandOption.texts("--weight", aliases: ["--cluster-weight"], placeholder: "NODE=W", "a weight", .readByCommand)
        let signature = CommandSignature(
            name: "weigh", group: .reshape, summary: "test", parameters: [], options: [weights], changesCluster: false
        ) { _, _ throws(TribError) in .done("") }
        let given = try CommandArguments(parsing: ["--weight", "a=1", "--cluster-weight=b=2", "--weight", "c=0"], for: signature)
        #expect(given[weights] == ["a=1", "b=2", "c=0"])
        // redis-cli's form: one option, several NAME=VALUE words.
        let several = try CommandArguments(parsing: ["--cluster-weight", "a=1", "b=2", "--weight", "c=0", "d=3"], for: signature)
        #expect(several[weights] == ["a=1", "b=2", "c=0", "d=3"])
        #expect(try CommandArguments(parsing: [], for: signature)[weights] == nil)
        #expect(signature.usage == "weigh [--weight NODE=W]…")
    }
}
