import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// `source FILE`: relative paths, the shared scope, missing files, recursion, errors inside.
@Suite struct SourceTests {
    @Test func aSourcedFileRunsInTheCurrentScopeFromTheIncludersFolder() async {
        let harness = RuntimeHarness(files: [
            "scripts/lib/helpers.trib": "let greeting = \"hi\"\necho from helpers $x",
            "scripts/lib/nested.trib": "source helpers.trib",
        ])
        let succeeded = await harness.run("let x = 1\nsource lib/nested.trib\necho $greeting", name: "scripts/main.trib")
        #expect(succeeded, "\(harness.log.diagnostics)")
        #expect(harness.log.echoes == ["from helpers 1", "hi"])
    }

    @Test func absolutePathsAndScriptsWithoutAFolder() async {
        let harness = RuntimeHarness(files: ["/etc/a.trib": "echo a", "b.trib": "echo b"])
        let succeeded = await harness.run("source /etc/a.trib\nsource \"b.trib\"", name: "<repl>")
        #expect(succeeded)
        #expect(harness.log.echoes == ["a", "b"])
    }

    @Test func aMissingFileIsReportedAtItsPath() async {
        await assertRuntimeDiagnostics(
            "source 1️⃣nothing/here.trib2️⃣",
            [.init(.cannotReadFile, to: "2️⃣", message: "cannot read `nothing/here.trib`: no such file")]
        )
    }

    @Test func aFileSourcingItselfStopsAtTheDepthLimit() async {
        let harness = RuntimeHarness(files: ["loop.trib": "echo in\nsource loop.trib"])
        let succeeded = await harness.run("source loop.trib")
        #expect(!succeeded)
        #expect(harness.log.echoes.count == Interpreter.maximumSourceDepth)
        #expect(harness.log.diagnostics.map(\.id) == [.sourceTooDeep])
        #expect(harness.log.diagnosticFiles == ["loop.trib"])
    }

    @Test func aSourcedFileWithAParseErrorRunsNothingAndStopsTheIncluder() async {
        let harness = RuntimeHarness(files: ["broken.trib": "echo never\nlet x =\n"])
        let succeeded = await harness.run("echo before\nsource broken.trib\necho after")
        #expect(!succeeded)
        #expect(harness.log.echoes == ["before"])
        #expect(harness.log.diagnostics.map(\.id) == [.expectedExpression])
        #expect(harness.log.diagnosticFiles == ["broken.trib"])
    }

    @Test func aRuntimeErrorInASourcedFileIsReportedInThatFileWithTheIncludersLoop() async {
        let harness = RuntimeHarness(files: ["body.trib": "echo $i\necho ${10 / $i}"])
        let succeeded = await harness.run("for i in [2, 0] {\n  source body.trib\n}")
        #expect(!succeeded)
        #expect(harness.log.echoes == ["2", "5", "0"])
        let diagnostic = harness.log.diagnostics.first
        #expect(diagnostic?.id == .divisionByZero)
        #expect(diagnostic?.range.start.line == 2)
        #expect(harness.log.diagnosticFiles == ["body.trib"])
        #expect(diagnostic?.notes.map(\.message) == ["in iteration 2 of the loop, where i = 0 (test.trib:1:1)"])
        #expect(diagnostic?.notes.first?.range == nil)
    }
}
