import Testing
import TribLanguage
import TribTestSupport

/// Parses a marked source and checks that it produces exactly the expected diagnostics, each at
/// its marker; returns the parse for further checks.
@discardableResult
func assertDiagnostics(
    _ marked: String,
    _ expected: [ExpectedDiagnostic],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> ParsedScript {
    let markedSource = MarkedSource(marked)
    let source = SourceFile(name: "test.trib", text: markedSource.text)
    let script = Parser.parse(source)
    checkDiagnostics(script.diagnostics, expected, marked: markedSource, source: source, notes: .first, sourceLocation: sourceLocation)
    return script
}

/// Parses a source that must be free of diagnostics and returns its S-expression tree.
func parseClean(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let script = Parser.parse(text)
    #expect(script.diagnostics.isEmpty, "unexpected diagnostics: \(script.diagnostics)", sourceLocation: sourceLocation)
    return script.debugDescription
}
