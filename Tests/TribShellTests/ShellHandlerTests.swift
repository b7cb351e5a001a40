import Testing
import TribShell

struct ShellHandlerTests {
    @Test(arguments: [
        ("for x in [1, 2] {", true),
        ("for x in [1, 2] {\n  echo $x", true),
        ("for x in [1, 2] {\n  echo $x\n}", false),
        ("echo \"open", true),
        ("echo hello", false),
    ])
    func incompleteTextIsFoundByTheLanguageByDefault(text: String, isIncomplete: Bool) {
        #expect(RecordingShellHandler(candidates: []).isIncomplete(text) == isIncomplete)
    }
}
