import Foundation
import RESP
import RedisTrib
import Testing
import TribCommands
import TribLanguage
import TribRuntime

@testable import TribCLI

/// Ours, not Swift Testing's exit-test status of the same name.
typealias ExitStatus = TribCLI.ExitStatus

struct ExitStatusTests {
    /// The status a run that ends with an error of each code exits with.
    static let statusByCode: [TribError.Code: Int32] = [
        .usage: 2, .invalidArgument: 2, .invalidSlot: 2, .nodeError: 1, .unexpectedReply: 1, .preconditionFailed: 1, .notConverged: 1,
        .busyKeys: 1, .cancelled: 1, .corruptRecord: 1, .launchFailed: 1, .serverNotFound: 1, .keyNotMoved: 1, .atomicMigrationFailed: 1,
        .atomicMigrationTimeout: 1,
    ]

    @Test("an error's status follows its code", arguments: TribError.Code.all)
    func errorStatus(code: TribError.Code) throws {
        let status = try #require(Self.statusByCode[code], "no expected status for \(code)")
        #expect(ExitStatus(for: TribError(code, "x")).code == status)
    }

    @Test("a command that ran exits 0, unless its answer is a failure: a check that found an error exits 1, warnings alone 0")
    func outputStatus() {
        let node = Disagreement.NodeReference(id: String(repeating: "a", count: 40), address: NodeAddress(host: "127.0.0.1", port: 7000))
        let warning = CheckFinding(.masterWithoutReplica, "no replica", nodes: [node])
        let error = CheckFinding(.failedNode, "failed", nodes: [node])
        #expect(ExitStatus(for: CommandOutput.done("done")).code == 0)
        #expect(ExitStatus(for: CommandOutput.check(ClusterCheckReport(checkedNodes: [], findings: [warning]))).code == 0)
        #expect(ExitStatus(for: CommandOutput.check(ClusterCheckReport(checkedNodes: [], findings: [warning, error]))).code == 1)
    }

    @Test func aStopExitsWith128PlusTheSignal() {
        #expect(ExitStatus.stopped(by: .interrupt).code == 130)
        #expect(ExitStatus.stopped(by: .terminate).code == 143)
        #expect(ExitStatus.stopped(by: .hangUp).code == 129)
    }

    /// A backend for scripts that never reach a cluster (they fail before any command runs).
    static let unusedBackend = OperatorBackend { _, _ in ClusterOperator() }

    /// A diagnostic at the start of a script.
    private func diagnostic(_ id: DiagnosticID, severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(id, severity: severity, "from the runtime", at: SourceRange(at: SourceLocation(offset: 0, line: 1, column: 1)))
    }

    @Test(
        "a script that does not parse exits 2, with the parser's first error as its outcome",
        arguments: ["for x in [1, 2] {\n  echo $x\n", "echo )", "echo \"open", "let = 3"]
    )
    func parseErrorsAreUsage(text: String) async throws {
        let interpreter = Interpreter(backend: Self.unusedBackend) { _ in }
        let outcome = await interpreter.run(SourceFile(name: "t.trib", text: text))
        let first = try #require(Parser.parse(SourceFile(name: "t.trib", text: text)).firstError)
        #expect(outcome == .malformed(first))
        #expect(ExitStatus(for: outcome) == .usage)
    }

    @Test func anUnknownCommandOrRefusedArgumentsAreUsageAndAFailingStatementIsAFailure() {
        #expect(ExitStatus(for: .failed(diagnostic(.unknownCommand))) == .usage)
        #expect(ExitStatus(for: .failed(diagnostic(.invalidArguments))) == .usage)
        #expect(ExitStatus(for: .failed(diagnostic(.invalidSlot))) == .usage)
        #expect(ExitStatus(for: .failed(diagnostic(.divisionByZero))) == .failure)
        #expect(ExitStatus(for: .failed(diagnostic(.operationFailed))) == .failure)
        #expect(ExitStatus(for: .succeeded) == .success)
    }

    @Test("only the first error is a run's outcome, and a source file that does not parse is malformed")
    func onlyTheFirstErrorCounts() async {
        let files = ["bad.trib": "echo )\n"]
        let interpreter = Interpreter(
            backend: Self.unusedBackend, keepGoing: true,
            fileLoader: { path in
                guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
                return text
            },
            events: { _ in }
        )
        let divides = await interpreter.run(SourceFile(name: "t.trib", text: "echo (1 / 0)\nmigrate_slot a b 1\n"))
        if case .failed(let first) = divides {
            #expect(first.id == .divisionByZero)
        } else {
            Issue.record("a statement that fails, then an unknown command: \(divides)")
        }
        #expect(ExitStatus(for: divides) == .failure)
        let sourced = await interpreter.run(SourceFile(name: "t.trib", text: "source \"bad.trib\"\necho (1 / 0)\n"))
        guard case .malformed = sourced else {
            Issue.record("a sourced file that does not parse: \(sourced)")
            return
        }
        #expect(ExitStatus(for: sourced) == .usage)
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
            // `exit N` gives N, unless an error came first; a status outside 0…255 is refused as written.
            (["-c", "exit 7; echo never"], 7), (["-c", "echo 1; exit"], 0), (["-c", "def f() { exit 3 }\nf()"], 3),
            (["-c", "exit 256"], 2), (["--keep-going", "-c", "echo (1 / 0)\nexit 3"], 1), (["-c", "assert 1 == 2 \"no\""], 1),
            (["-c", "try { echo (1 / 0) } catch e { exit 4 }"], 4),
        ] as [([String], Int32)]
    )
    func commandLineStatus(arguments: [String], status: Int32) async {
        #expect(await CommandLineTool.run(arguments, descriptors: StandardDescriptors()).code == status)
    }
}
