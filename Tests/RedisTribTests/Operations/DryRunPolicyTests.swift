import NIOCore
import RESP
import Testing

@testable import RedisTrib

@Suite("What a dry run sends")
struct DryRunPolicyTests {
    /// A `COMMAND INFO` entry as Redis 7 and Valkey 9 give it: name, arity, flags, key positions,
    /// ACL categories, tips, key specs, subcommands.
    static func entry(_ name: String, _ flags: [String], subcommands: [RESPValue] = []) -> RESPValue {
        .array([
            .bulkString(ByteBuffer(string: name)), .integer(-2),
            .set(flags.map { .simpleString(ByteBuffer(string: $0)) }),
            .integer(0), .integer(0), .integer(0), .set([]), .set([]), .array([]), .array(subcommands),
        ])
    }

    @Test(
        "forms known to read go without asking; changes and unknown forms do not",
        arguments: [
            (["CLUSTER", "NODES"], true), (["cluster", "countkeysinslot", "5"], true), (["CONFIG", "GET", "maxmemory"], true),
            (["INFO", "replication"], true), (["CLIENT", "LIST"], true), (["MEMORY", "USAGE", "k"], true),
            (["SLOWLOG", "GET", "10"], true), (["ACL", "LOG"], true), (["ACL", "LOG", "10"], true), (["COMMAND", "DOCS", "get"], true),
            (["CLUSTER", "SETSLOT", "5", "STABLE"], false), (["CLUSTER", "RESET"], false), (["CONFIG", "SET", "maxmemory", "1"], false),
            (["CONFIG"], false), (["SLOWLOG", "RESET"], false), (["ACL", "LOG", "RESET"], false), (["CLIENT", "KILL", "ID", "1"], false),
            (["SET", "k", "v"], false), (["GET", "k"], false),
        ]
    )
    func knownForms(words: [String], known: Bool) {
        #expect(ReadOnlyCommands.contains(RedisCommand(words)) == known)
    }

    @Test("the server's flags decide the rest: readonly and nothing that changes")
    func flags() throws {
        let get = try #require(CommandFlags(entry: Self.entry("get", ["readonly", "fast"])))
        #expect(get.onlyReads(RedisCommand("GET", "k")))
        let set = try #require(CommandFlags(entry: Self.entry("set", ["write", "denyoom"])))
        #expect(!set.onlyReads(RedisCommand("SET", "k", "v")))
        let ping = try #require(CommandFlags(entry: Self.entry("publish", ["pubsub", "loading", "stale", "fast"])))
        #expect(!ping.onlyReads(RedisCommand("PUBLISH", "c", "m")))
        let both = try #require(CommandFlags(entry: Self.entry("odd", ["readonly", "may_replicate"])))
        #expect(!both.onlyReads(RedisCommand("ODD")))
        #expect(CommandFlags(entry: .null) == nil)
    }

    @Test("a container command is judged by its subcommand's own entry")
    func subcommands() throws {
        let object = try #require(
            CommandFlags(
                entry: Self.entry(
                    "object", [],
                    subcommands: [
                        Self.entry("object|encoding", ["readonly"]),
                        Self.entry("object|help", ["loading", "stale"]),
                    ])))
        #expect(object.onlyReads(RedisCommand("OBJECT", "ENCODING", "k")))
        #expect(!object.onlyReads(RedisCommand("OBJECT", "HELP")))
        #expect(!object.onlyReads(RedisCommand("OBJECT", "NOSUCH")))
        #expect(!object.onlyReads(RedisCommand("OBJECT")))
        let config = try #require(
            CommandFlags(
                entry: Self.entry(
                    "config", [],
                    subcommands: [
                        Self.entry("config|set", ["admin", "noscript", "loading", "stale"])
                    ])))
        #expect(!config.onlyReads(RedisCommand("CONFIG", "SET", "maxmemory", "1")))
    }
}
