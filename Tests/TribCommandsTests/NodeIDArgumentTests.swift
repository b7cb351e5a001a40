import RESP
import RedisTrib
import Testing

@testable import TribCommands

@Suite("Command arguments: nodes given by id")
struct NodeIDArgumentTests {
    func parse(_ words: [String], _ command: String) throws(TribError) -> CommandArguments {
        guard let signature = CommandCatalog.command(named: command) else { throw TribError(.usage, "no command \(command)") }
        return try CommandArguments(parsing: words, for: signature)
    }

    @Test("addresses alone set their values at once; an id waits to be looked up")
    func addressesSettle() throws {
        let plain = try parse(["127.0.0.1:7000", "127.0.0.1:7001", "5"], "migrate_slots")
        #expect(!plain.hasNodeIDs)
        #expect(try plain[CommandCatalog.target] == NodeAddress(host: "127.0.0.1", port: 7001))
        let byID = try parse(["127.0.0.1:7000", "07c37dfeb2", "5"], "migrate_slots")
        #expect(byID.hasNodeIDs)
        #expect(try byID[CommandCatalog.source] == NodeAddress(host: "127.0.0.1", port: 7000))
        #expect(throws: TribError.self) { try byID[CommandCatalog.target] }
    }

    @Test(
        "a bad node word is a usage error naming the parameter and the word, at its index",
        arguments: [
            (["deadbee"], "check", 0, "NODE: 'deadbee' is not a node address (HOST:PORT), and too short for a node id"),
            (["127.0.0.1:7000", "nothex!!"], "forget", 1, "NODE_ID: 'nothex!!' is not a node address"),
            (["127.0.0.1:7000", "127.0.0.1:7001"], "forget", 1, "NODE_ID: '127.0.0.1:7001' is an address; give the node's id"),
            (["127.0.0.1:7000", "127.0.0.1:7001", "0123456"], "replicate", 2, "unexpected argument"),
        ]
    )
    func badWords(words: [String], command: String, index: Int, message: String) throws {
        do throws(TribError) {
            _ = try parse(words, command)
            Issue.record("\(words) parsed")
        } catch {
            #expect(error.code == .usage)
            #expect(error.wordIndex == index)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("an id with no cluster to look it up in says that it needs one, naming the parameter")
    func idNeedsCluster() async throws {
        let arguments = try parse(["07c37dfeb2", "e7d1eecce1", "5"], "migrate_slots")
        await withOperator { trib in
            do throws(TribError) {
                _ = try await arguments.resolvingNodeIDs(with: trib)
                Issue.record("an id was looked up with no cluster")
            } catch {
                #expect(error.code == .usage)
                #expect(error.wordIndex == 0)
                #expect(error.message.hasPrefix("SRC: '07c37dfeb2' is a node id, and an id needs a cluster to look it up in"), "\(error.message)")
            }
        }
    }
}
