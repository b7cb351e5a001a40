import Testing
import TribLanguage

@Suite struct SourceFileTests {
    @Test func linesAndLineStarts() {
        let source = SourceFile(name: "t", text: "one\ntwo\r\n\nfour")
        #expect(source.lineStarts == [0, 4, 9, 10])
        #expect(source.lineCount == 4)
        #expect((1...4).map { source.line(at: $0) } == ["one", "two", "", "four"])
        #expect(source.line(at: 0) == nil)
        #expect(source.line(at: 5) == nil)
    }

    @Test func aTrailingNewlineMakesAnEmptyLastLine() {
        let source = SourceFile(name: "t", text: "a\n")
        #expect(source.lineCount == 2)
        #expect(source.line(at: 2) == "")
        #expect(source.endLocation == TribLanguage.SourceLocation(offset: 2, line: 2, column: 1))
    }

    @Test func locationsCountCharacters() {
        let source = SourceFile(name: "t", text: "ab\nçé👍🏽x")
        #expect(source.location(at: 0) == TribLanguage.SourceLocation(offset: 0, line: 1, column: 1))
        #expect(source.location(at: 2) == TribLanguage.SourceLocation(offset: 2, line: 1, column: 3))
        #expect(source.location(at: 3) == TribLanguage.SourceLocation(offset: 3, line: 2, column: 1))
        let x = "ab\nçé👍🏽".utf8.count
        #expect(source.location(at: x) == TribLanguage.SourceLocation(offset: x, line: 2, column: 4))
        #expect(source.location(at: 999).offset == source.text.utf8.count)
        #expect(source.location(at: -5).offset == 0)
    }

    @Test func lineNumbers() {
        let source = SourceFile(name: "t", text: "a\nb\nc")
        #expect([0, 1, 2, 3, 4, 5, 99].map(source.lineNumber(containing:)) == [1, 1, 2, 2, 3, 3, 3])
    }

    @Test func textInRange() {
        let source = SourceFile(name: "t", text: "héllo wörld")
        let range = SourceRange(start: source.location(at: 7), end: source.location(at: 13))
        #expect(source.text(in: range) == "wörld")
        #expect(range.start.column == 7)
        #expect(range.utf8Length == 6)
    }

    @Test func emptyText() {
        let source = SourceFile(name: "t", text: "")
        #expect(source.lineCount == 1)
        #expect(source.line(at: 1) == "")
        #expect(source.location(at: 0) == .startOfText)
    }
}
