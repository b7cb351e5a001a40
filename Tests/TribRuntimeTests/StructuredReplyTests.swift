import NIOCore
import RESP
import Testing

@testable import TribRuntime

/// The structured replies of the cluster (`INFO`, `CLUSTER INFO`, `CONFIG GET`, `CLUSTER SLOT-STATS`)
/// as the maps `call` and `execute(…)` give, whatever the reply's RESP shape.
@Suite struct StructuredReplyTests {
    private func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    @Test func infoKeepsTextThatIsNotAnIntegerAsWritten() {
        let text =
            "# Replication\r\nrole:master\r\nmaster_replid2:0000000000000000000000000000000000000000\r\n"
            + "connected_slaves:0\r\nmaster_repl_offset:-1\r\nsha:00000000\r\nratio:1.25\r\nplus:+5\r\n"
        let value = Value(reply: bulk(text), to: ["info", "replication"])
        #expect(
            value
                == .map(
                    ValueMap([
                        ("role", .string("master")), ("master_replid2", .string(String(repeating: "0", count: 40))), ("connected_slaves", .integer(0)),
                        ("master_repl_offset", .integer(-1)), ("sha", .string("00000000")), ("ratio", .string("1.25")), ("plus", .string("+5")),
                    ])))
    }

    @Test func infoOfSeveralSectionsIsAMapOfSections() {
        let value = Value(reply: bulk("# Server\r\nredis_version:7.0.15\r\n\r\n# Keyspace\r\ndb0:keys=5,expires=0,avg_ttl=007\r\n"), to: ["INFO"])
        let keyspace = Value.map(ValueMap([("db0", .map(ValueMap([("keys", .integer(5)), ("expires", .integer(0)), ("avg_ttl", .string("007"))])))]))
        #expect(value == .map(ValueMap([("server", .map(ValueMap([("redis_version", .string("7.0.15"))]))), ("keyspace", keyspace)])))
        #expect(
            Value(reply: bulk("cluster_state:ok\r\ncluster_size:3\r\n"), to: ["cluster", "INFO"])
                == .map(ValueMap([("cluster_state", .string("ok")), ("cluster_size", .integer(3))])))
    }

    @Test func configGetIsAMapInRESP2AndRESP3() {
        let expected = Value.map(ValueMap([("maxmemory", .integer(0)), ("maxmemory-policy", .string("noeviction"))]))
        let flat = RESPValue.array([bulk("maxmemory"), bulk("0"), bulk("maxmemory-policy"), bulk("noeviction")])
        #expect(Value(reply: flat, to: ["CONFIG", "GET", "maxmemory*"]) == expected)
        let map = RESPValue.map([
            RESPMapEntry(key: bulk("maxmemory"), value: bulk("0")), RESPMapEntry(key: bulk("maxmemory-policy"), value: bulk("noeviction")),
        ])
        #expect(Value(reply: map, to: ["config", "get", "maxmemory*"]) == expected)
    }

    @Test func slotStatsIsAMapPerSlot() {
        let reply = RESPValue.array([
            .array([.integer(7), .array([bulk("key-count"), .integer(2), bulk("cpu-usec"), .integer(40)])]),
            .array([.integer(8), .map([RESPMapEntry(key: bulk("key-count"), value: .integer(0))])]),
        ])
        #expect(
            Value(reply: reply, to: ["CLUSTER", "SLOT-STATS", "SLOTSRANGE", "7", "8"])
                == .list([
                    .map(ValueMap([("slot", .integer(7)), ("keys", .integer(2)), ("cpu_usec", .integer(40))])),
                    .map(ValueMap([("slot", .integer(8)), ("keys", .integer(0))])),
                ]))
    }

    @Test func shardsLinksAndMemoryStatsAreMapsOfRecords() {
        let node = RESPValue.array([bulk("id"), bulk("abc"), bulk("port"), .integer(7000), bulk("role"), bulk("master")])
        let shards = RESPValue.array([.array([bulk("slots"), .array([.integer(0), .integer(5460)]), bulk("nodes"), .array([node])])])
        let nodeMap = Value.map(ValueMap([("id", .string("abc")), ("port", .integer(7000)), ("role", .string("master"))]))
        #expect(
            Value(reply: shards, to: ["CLUSTER", "SHARDS"])
                == .list([.map(ValueMap([("slots", .list([.integer(0), .integer(5460)])), ("nodes", .list([nodeMap]))]))]))
        #expect(Value(reply: .array([node]), to: ["cluster", "links"]) == .list([nodeMap]))
        let stats = RESPValue.array([bulk("peak.allocated"), .integer(100), bulk("db.0"), .array([bulk("overhead.hashtable.main"), .integer(72)])])
        #expect(
            Value(reply: stats, to: ["MEMORY", "STATS"])
                == .map(ValueMap([("peak.allocated", .integer(100)), ("db.0", .map(ValueMap([("overhead.hashtable.main", .integer(72))])))])))
        // A list of names alone (no values after them) stays a list.
        #expect(Value(reply: .array([bulk("a")]), to: ["CLUSTER", "LINKS"]) == .list([.string("a")]))
    }

    @Test func otherRepliesAreAsTheyCame() {
        let flat = RESPValue.array([bulk("a"), bulk("1")])
        #expect(Value(reply: flat, to: ["LRANGE", "l", "0", "-1"]) == .list([.string("a"), .string("1")]))
        #expect(Value(reply: bulk("x:1"), to: ["GET", "k"]) == .string("x:1"))
        #expect(Value(reply: bulk("x:1"), to: []) == .string("x:1"))
    }
}
