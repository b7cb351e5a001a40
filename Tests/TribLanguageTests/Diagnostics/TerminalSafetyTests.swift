import Testing
import TribLanguage

@Suite struct TerminalSafetyTests {
    @Test(
        "control characters are escaped in messages, line feed and tab kept",
        arguments: [
            ("\u{1B}[2Jhost", "\\u{1B}[2Jhost"), ("a\u{0}b", "a\\u{0}b"), ("a\u{7F}", "a\\u{7F}"), ("\u{9B}31m", "\\u{9B}31m"),
            ("tab\there\nline", "tab\there\nline"), ("plain é 👍🏽", "plain é 👍🏽"), ("\r", "\\u{D}"),
        ]
    )
    func escaping(text: String, expected: String) {
        #expect(TerminalText.escapingControls(text) == expected)
    }

    @Test("control characters in a source line become one-column pictures")
    func pictures() {
        #expect(TerminalText.picturingControls("a\u{1B}b\u{0}\u{7F}\tc") == "a\u{241B}b\u{2400}\u{2421}\tc")
        #expect(TerminalText.picturingControls("\u{85}").unicodeScalars.allSatisfy { $0.value > 0x9F })
    }

    @Test("a diagnostic never writes an escape sequence from the script or its file name to the terminal")
    func rendered() {
        let source = SourceFile(name: "evil\u{1B}]0;title\u{7}.trib", text: "echo \u{1B}[31mred")
        let rendered = DiagnosticRenderer().render(Parser.parse(source).diagnostics, in: source)
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(rendered.contains("echo \u{241B}[31mred"))
        #expect(rendered.contains("evil\\u{1B}]0;title\\u{7}.trib:1:6: error: invalid character U+001B"))
        // The caret still stands under the ESC: column 6.
        #expect(rendered.contains("\necho \u{241B}[31mred\n     ^"))
    }

    @Test("a message quoting a long word of the input is cut")
    func longMessage() throws {
        let source = SourceFile(name: "t", text: "let x = 1 " + String(repeating: "a", count: 60_000))
        let rendered = DiagnosticRenderer().render(Parser.parse(source).diagnostics, in: source)
        #expect(rendered.utf8.count < 2 * DiagnosticRenderer.maximumMessageLength + 3 * DiagnosticRenderer.maximumLineWidth)
        #expect(TerminalText.shortened("abcdef", to: 3) == "abc…")
        #expect(TerminalText.shortened("abc", to: 3) == "abc")
        #expect(TerminalText.shortened("ééé", to: 2) == "éé…")
    }

    @Test("a long line is shown as a window around the range, with the caret under it")
    func longLine() throws {
        let text = "let x = " + String(repeating: "a", count: 100_000) + " )"
        let source = SourceFile(name: "long", text: text)
        let diagnostic = try #require(Parser.parse(source).diagnostics.first)
        let lines = DiagnosticRenderer().render(diagnostic, in: source).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1].count <= DiagnosticRenderer.maximumLineWidth + 2)
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix(")"))
        let caret = try #require(lines[2].firstIndex(of: "^"))
        let column = lines[2].distance(from: lines[2].startIndex, to: caret)
        #expect(Array(lines[1])[column] == ")")
    }
}
