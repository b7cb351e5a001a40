import RESP
import RedisTrib
import Testing

@testable import TribCommands

/// Every error of reading a command's words carries the index of the word at fault, so the
/// language can point at it without reading the message.
@Suite("Command arguments: errors carry the index of their word")
struct CommandArgumentsOriginTests {
    static let head = ["127.0.0.1:7000", "127.0.0.1:7001", "5"]

    func failure(_ words: [String], command: String = "migrate_slots") throws -> TribError {
        let signature = try #require(CommandCatalog.command(named: command))
        do {
            _ = try CommandArguments(parsing: words, for: signature)
        } catch {
            return error
        }
        Issue.record("\(command) \(words) parsed")
        return TribError(.usage, "parsed")
    }

    @Test(
        "the word at fault, by its index",
        arguments: [
            (["127.0.0.1:7000", "nohost", "5"], 1, TribError.Code.usage),
            (head + ["--bogus"], 3, .usage),
            (head + ["--keys-per-batch", "0"], 4, .usage),
            (head + ["--keys-per-batch=0"], 3, .usage),
            (head + ["--keys-per-batch"], 3, .usage),
            (head + ["--replace=yes"], 3, .usage),
            (head + ["--replace", "--force", "--replace"], 5, .usage),
            (head + ["--atomic", "--no-atomic"], 4, .usage),
            (["--dst-addr", "x:y", "127.0.0.1:7000", "5"], 1, .usage),
            (["127.0.0.1:7000", "127.0.0.1:7001", "5", "16384"], 3, .invalidSlot),
            (["127.0.0.1:7000", "127.0.0.1:7001", "abc"], 2, .invalidSlot),
        ]
    )
    func wordAtFault(words: [String], index: Int, code: TribError.Code) throws {
        let error = try failure(words)
        #expect(error.wordIndex == index, "\(error)")
        #expect(error.code == code, "\(error)")
    }

    @Test("an extra argument, a bad choice and a bad number of another command")
    func otherCommands() throws {
        #expect(try failure(["127.0.0.1:7000", "extra"], command: "list").wordIndex == 1)
        #expect(try failure(["begin"], command: "sandbox").wordIndex == 0)
        #expect(try failure(["start", "0"], command: "sandbox").wordIndex == 1)
        #expect(try failure(["PING", "--masters-only", "--replicas-only"], command: "execute").wordIndex == 2)
    }

    @Test("a missing argument is no one word's fault")
    func missing() throws {
        let error = try failure(["127.0.0.1:7000", "127.0.0.1:7001"])
        #expect(error.message.hasPrefix("missing SLOT"))
        #expect(error.wordIndex == nil)
    }
}
