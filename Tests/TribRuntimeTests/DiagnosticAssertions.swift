import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Runs a marked script in `harness` and checks that it reports exactly the expected diagnostics
/// (in the script's own file), each at its marker.
@discardableResult
func assertRuntimeDiagnostics(
    _ marked: String,
    _ expected: [ExpectedDiagnostic],
    in harness: RuntimeHarness = RuntimeHarness(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) async -> [Diagnostic] {
    let markedSource = MarkedSource(marked)
    let source = SourceFile(name: "test.trib", text: markedSource.text)
    let before = harness.log.diagnostics.count
    let succeeded = await harness.interpreter.run(source).succeeded
    let diagnostics = Array(harness.log.diagnostics.dropFirst(before))
    #expect(succeeded == expected.isEmpty, "run result", sourceLocation: sourceLocation)
    checkDiagnostics(diagnostics, expected, marked: markedSource, source: source, notes: .any, sourceLocation: sourceLocation)
    return diagnostics
}
