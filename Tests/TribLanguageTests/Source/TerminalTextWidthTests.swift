import Testing
import TribLanguage

/// The columns a terminal gives text, and cells made safe for a table's row.
struct TerminalTextWidthTests {
    @Test(
        "wide characters take two columns, combining marks and format characters none",
        arguments: [
            ("abc", 3), ("é", 1), ("e\u{301}", 1), ("日本", 4), ("한국어", 6), ("ｱ", 1), ("ＡＢ", 4), ("😀", 2), ("❤️", 2), ("❤", 1),
            ("🇫🇷", 2), ("a\u{200D}b", 2), ("…", 1), ("", 0),
        ] as [(String, Int)]
    )
    func width(text: String, columns: Int) {
        #expect(TerminalText.width(of: text) == columns, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func paddingCountsColumns() {
        #expect(TerminalText.padding("日本", toWidth: 6) == "日本  ")
        #expect(TerminalText.padding("abc", toWidth: 2) == "abc")
    }

    @Test func aCellHasNoControlCharacters() {
        #expect(TerminalText.escapingCell("a\tb\r\nc\u{1B}[2J\u{7F}\u{9B}é") == #"a\tb\r\nc\u{1B}[2J\u{7F}\u{9B}é"#)
        #expect(TerminalText.escapingCell("plain 日本") == "plain 日本")
    }
}
