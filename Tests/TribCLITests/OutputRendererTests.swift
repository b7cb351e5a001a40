import Foundation
import RESP
import Testing
import TribCommands
import TribShell

@testable import RedisTrib  // NodeReply's memberwise initializer
@testable import TribCLI

struct OutputRendererTests {
    static let json = OutputRenderer(json: true, colour: false)
    static let text = OutputRenderer(json: false, colour: false)

    /// What each command that does not answer `.done` answers, from fixed values.
    static let samples: [String: CommandOutput] = [
        "list": .nodes(SampleNodes.all, myself: SampleNodes.masterA),
        "masters": .nodes([SampleNodes.masterA, SampleNodes.masterB, SampleNodes.masterC], myself: SampleNodes.masterA),
        "execute": .replies([
            NodeReply(node: SampleNodes.masterA, result: .success(.integer(42))),
            NodeReply(node: SampleNodes.masterB, result: .success(.array([.integer(1), .null, .boolean(true), .double(.infinity)]))),
            NodeReply(node: SampleNodes.masterC, result: .success(NodeReply.notSent)),
            NodeReply(node: SampleNodes.handshaking, result: .failure(TribError(.nodeError, "connection refused (nothing listens there)"))),
        ]),
    ]

    /// A command's sample result: its entry in ``samples``, else a sentence.
    static func sample(for command: CommandSignature) -> CommandOutput {
        samples[command.name] ?? .done("what \(command.name) did, in one sentence")
    }

    @Test func everySampleIsACommand() {
        for name in Self.samples.keys {
            #expect(CommandCatalog.command(named: name)?.name == name, "\(name) is not a command")
        }
    }

    @Test(
        "each command's result, dry-run result and usage error, as JSON and text, match their golden file",
        arguments: CommandCatalog.commands.map(\.name)
    )
    func commandOutput(name: String) throws {
        let command = try #require(CommandCatalog.command(named: name))
        let output = Self.sample(for: command)
        var dryRun = Self.json
        dryRun.dryRun = true
        var usageError: TribError?
        do {
            _ = try CommandArguments(parsing: ["--no-such-option"], for: command)
        } catch {
            usageError = error
        }
        let error = try #require(usageError)
        let lines = [
            Self.json.formatted(output, command: name),
            dryRun.formatted(output, command: name),
            Self.json.formatted(error),
            Self.text.formatted(output, command: name),
            Self.text.formatted(error),
        ]
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "output-\(name).txt")
        for line in lines.prefix(3) {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a JSON object: \(line)")
        }
    }

    static let codes: [TribError.Code] = [
        .launchFailed, .serverNotFound, .nodeError, .unexpectedReply, .invalidArgument, .usage, .preconditionFailed, .notConverged,
        .busyKeys, .cancelled, .corruptRecord,
    ]

    @Test func errorsAndNoticesMatchTheirGoldenFile() {
        let node = NodeAddress(host: "127.0.0.1", port: 7000)
        let errors = Self.codes.map { TribError($0, "what went wrong (\($0))", node: $0 == .nodeError ? node : nil) }
        let notices: [Notice] = [
            .passwordOnCommandLine, .stopping(.interrupt), .stopping(.terminate), .stopping(.hangUp),
            .shell(.historyUnreadable(ShellHistoryError(path: "/h", reason: "Permission denied"))),
            .shell(.historyNotSaved(ShellHistoryError(path: "/h", reason: "No space left on device"))),
            .shell(.lineEditorUnavailable), .shell(.stillStopping),
        ]
        let lines =
            errors.map(Self.json.formatted) + notices.map(Self.json.formatted)
            + errors.map(Self.text.formatted) + notices.map(Self.text.formatted)
        GoldenFile.expect(lines.joined(separator: "\n"), matches: "errors-and-notices.txt")
    }

    @Test func aNoticeIsKeyedByItsLevelInJSON() throws {
        let line = Self.json.formatted(Notice.shell(.lineEditorUnavailable))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: String]])
        #expect(object == ["error": ["code": "line-editor-unavailable", "message": "cannot start the line editor"]])
        #expect(Self.text.formatted(Notice.passwordOnCommandLine) == Notice.authWarning)
    }

    @Test func controlCharactersInAnErrorAreEscapedAndALongOneIsCut() {
        let text = Self.text.formatted(TribError(.usage, "bad \u{1B}[31m word " + String(repeating: "x", count: 5000)))
        #expect(!text.contains("\u{1B}"))
        #expect(text.count < 2100)
        #expect(text.hasPrefix("redis-trib: error: bad "))
    }
}
