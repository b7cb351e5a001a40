import Testing
import TribLanguage

/// Text written as the language's string literals spell it.
@Suite struct StringEscapingTests {
    @Test(
        arguments: [
            ("plain", false, "plain"), ("a\"b\\c", false, "a\\\"b\\\\c"), ("tab\there", false, "tab\\there"),
            // A CR LF pair is one Character: each half is escaped all the same.
            ("line\r\nnext", false, "line\\r\\nnext"), ("a\nb", false, "a\\nb"),
            ("$x costs", true, "\\$x costs"), ("$x costs", false, "$x costs"), ("日本 é", false, "日本 é"),
        ])
    func escapes(text: String, dollar: Bool, expected: String) {
        #expect(StringEscaping.escape(text, dollar: dollar) == expected)
    }
}
