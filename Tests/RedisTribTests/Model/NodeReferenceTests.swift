import RESP
import RedisTrib
import Testing

@Suite("Node references: an address, a node id or a unique prefix of one")
struct NodeReferenceTests {
    static let cluster = NodeAddress(host: "127.0.0.1", port: 7000)
    static let nodes = [
        ClusterNode(id: "07c37dfeb235213a872192d90877d0cd55635b91", address: NodeAddress(host: "127.0.0.1", port: 7000), flags: [.master]),
        ClusterNode(id: "07c37dfe99999999999999999999999999999999", address: NodeAddress(host: "127.0.0.1", port: 7001), flags: [.master]),
        ClusterNode(id: "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca", address: nil, flags: [.replica, .failed]),
    ]

    @Test(
        "words parse as an address or an id, an id in lower case",
        arguments: [
            ("127.0.0.1:7000", NodeReference.address(NodeAddress(host: "127.0.0.1", port: 7000))),
            ("[::1]:7000", .address(NodeAddress(host: "::1", port: 7000))),
            ("deadbeef", .id("deadbeef")),
            ("DEADBEEF00", .id("deadbeef00")),
            ("07c37dfeb235213a872192d90877d0cd55635b91", .id("07c37dfeb235213a872192d90877d0cd55635b91")),
        ]
    )
    func parses(word: String, expected: NodeReference) throws {
        #expect(try NodeReference(parsing: word) == expected)
    }

    @Test(
        "a word that is neither is refused, saying what was expected",
        arguments: [
            ("deadbee", "'deadbee' is not a node address (HOST:PORT), and too short for a node id: give at least 8 of its hex digits"),
            (String(repeating: "a", count: 41), "is too long for a node id: an id has 40 hex digits"),
            ("127.0.0.1", "'127.0.0.1' is not a node address: expected HOST:PORT, or a node id (8 to 40 hex digits)"),
            ("deadbeeg", "'deadbeeg' is not a node address: expected HOST:PORT, or a node id (8 to 40 hex digits)"),
            ("127.0.0.1:x", "'127.0.0.1:x' is not a node address: the port 'x' is not a number from 1 to 65535"),
            ("", "'' is not a node address: expected HOST:PORT, or a node id (8 to 40 hex digits)"),
            ("ｄｅａｄｂｅｅｆ", "is not a node address"),
        ]
    )
    func refuses(word: String, message: String) {
        #expect {
            try NodeReference(parsing: word)
        } throws: { error in
            guard let error = error as? TribError else { return false }
            return error.code == .invalidArgument && error.message.contains(message)
        }
    }

    @Test("a unique prefix or a whole id finds its node, failed and address-less ones too")
    func matches() throws {
        #expect(try NodeReference.id("07c37dfeb2").match(in: Self.nodes, of: Self.cluster).port == 7000)
        #expect(try NodeReference.id("07c37dfe9").match(in: Self.nodes, of: Self.cluster).port == 7001)
        #expect(try NodeReference.id("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca").match(in: Self.nodes, of: Self.cluster).id == Self.nodes[2].id)
    }

    @Test("an ambiguous prefix names every node it matches; an unknown one names the cluster asked")
    func ambiguousAndUnknown() throws {
        do throws(TribError) {
            _ = try NodeReference.id("07c37dfe").match(in: Self.nodes, of: Self.cluster)
            Issue.record("an ambiguous prefix matched")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(
                error.message
                    == "the id prefix '07c37dfe' names 2 nodes of the cluster of 127.0.0.1:7000: 07c37dfeb235213a872192d90877d0cd55635b91 (127.0.0.1:7000), "
                    + "07c37dfe99999999999999999999999999999999 (127.0.0.1:7001); give more of the id"
            )
        }
        do throws(TribError) {
            _ = try NodeReference.id("abcdef12").match(in: Self.nodes, of: Self.cluster)
            Issue.record("an unknown id matched")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message == "no node of the cluster of 127.0.0.1:7000 has an id starting with 'abcdef12' (3 known nodes)")
        }
    }
}

extension ClusterNode {
    /// The port of its address, 0 without one.
    fileprivate var port: Int { address?.port ?? 0 }
}
