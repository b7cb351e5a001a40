import Foundation
import RedisTrib
import Testing
import TribLanguage
import TribRuntime

@testable import TribCLI

/// Ours, not Swift Testing's exit-test status of the same name.
typealias ExitStatus = TribCLI.ExitStatus

struct ExitStatusTests {
    @Test(
        "an error's status follows its code",
        arguments: [
            (TribError.Code.usage, 2), (.invalidArgument, 2), (.invalidSlot, 2), (.nodeError, 1), (.unexpectedReply, 1), (.preconditionFailed, 1),
            (.notConverged, 1), (.busyKeys, 1), (.cancelled, 1), (.corruptRecord, 1), (.launchFailed, 1), (.serverNotFound, 1),
        ] as [(TribError.Code, Int32)]
    )
    func errorStatus(code: TribError.Code, status: Int32) {
        #expect(ExitStatus(for: TribError(code, "x")).code == status)
    }

    @Test func aStopExitsWith128PlusTheSignal() {
        #expect(ExitStatus.stopped(by: .interrupt).code == 130)
        #expect(ExitStatus.stopped(by: .terminate).code == 143)
        #expect(ExitStatus.stopped(by: .hangUp).code == 129)
    }

    /// The status of `text` run as a script, from its first error diagnostic, as the printer records it.
    private func statusOfFirstError(in text: String, runtime id: DiagnosticID? = nil) throws -> ExitStatus {
        let file = SourceFile(name: "t.trib", text: text)
        let record = FirstScriptError()
        if let id {
            record.note(Diagnostic(id, "from the runtime", at: SourceRange(at: SourceLocation(offset: 0, line: 1, column: 1))), in: file)
        } else {
            for diagnostic in Parser.parse(file).diagnostics {
                record.note(diagnostic, in: file)
            }
        }
        return record.exitStatus
    }

    @Test(
        "a script whose first error shows it is wrong as written exits 2",
        arguments: ["for x in [1, 2] {\n  echo $x\n", "echo )", "echo \"open", "let = 3"]
    )
    func parseErrorsAreUsage(text: String) throws {
        #expect(try statusOfFirstError(in: text) == .usage)
    }

    @Test func anUnknownCommandOrRefusedArgumentsAreUsageAndAFailingStatementIsAFailure() throws {
        #expect(try statusOfFirstError(in: "migrate_slot a b 1", runtime: .unknownCommand) == .usage)
        #expect(try statusOfFirstError(in: "list 1 2 3", runtime: .invalidArguments) == .usage)
        #expect(try statusOfFirstError(in: "echo (1 / 0)", runtime: .divisionByZero) == .failure)
        #expect(try statusOfFirstError(in: "list 127.0.0.1:1", runtime: .operationFailed) == .failure)
    }

    @Test func onlyTheFirstErrorCountsAndWarningsAreNotErrors() {
        let file = SourceFile(name: "t.trib", text: "echo (1 / 0)\nmigrate_slot a b 1\n")
        let range = SourceRange(at: SourceLocation(offset: 0, line: 1, column: 1))
        let record = FirstScriptError()
        record.note(Diagnostic(.unknownCommand, severity: .warning, "a warning", at: range), in: file)
        record.note(Diagnostic(.divisionByZero, "first", at: range), in: file)
        record.note(Diagnostic(.unknownCommand, "second", at: range), in: file)
        #expect(record.exitStatus == .failure)
        #expect(FirstScriptError().exitStatus == .failure)
    }

    @Test func theReadmesTableIsTheDocumentedOne() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let rows = ExitStatus.documented.map { "| \($0.status) | \($0.meaning) |" }
        #expect(text.contains((["| status | meaning |", "|---|---|"] + rows).joined(separator: "\n")), "README should have:\n\(rows.joined(separator: "\n"))")
    }

    @Test(
        "the command line's status for each kind of failure, without a server",
        arguments: [
            (["help", "list"], 0), (["completion", "bash"], 0), (["--version"], 0),
            (["help", "keyslt"], 2), (["nope"], 2), (["list"], 2), (["list", "127.0.0.1:1", "--bogus"], 2), (["--timeout", "0", "list"], 2),
            (["--json", "--json", "list"], 2), (["completion"], 2), (["completion", "tcsh"], 2), (["run"], 2), (["run", "/no/such/file"], 2),
            (["shell", "a", "b"], 2), (["-c", "echo )"], 2), (["-c", "migrate_slot 127.0.0.1:1 127.0.0.1:2 1"], 2),
            (["-c", "list 127.0.0.1:1 127.0.0.1:2"], 2), (["-c", "echo (1 / 0)"], 1), (["-c", "echo 1"], 0),
            (["--keep-going", "-c", "echo (1 / 0)\nfor"], 2), (["--keep-going", "-c", "echo (1 / 0)\nnope 1"], 1),
        ] as [([String], Int32)]
    )
    func commandLineStatus(arguments: [String], status: Int32) async {
        #expect(await CommandLineTool.run(arguments, descriptors: StandardDescriptors()).code == status)
    }
}
