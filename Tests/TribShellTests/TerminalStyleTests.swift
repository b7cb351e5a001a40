import Testing

@testable import TribShell

struct TerminalStyleTests {
    @Test func aPlainPromptIsLeftAlone() {
        #expect(TerminalStyle(usesColor: false).prompt("redis-trib> ") == "redis-trib> ")
    }

    @Test func aColouredPromptMarksItsSequencesAndEndsThemBeforeTheTrailingSpace() {
        #expect(TerminalStyle(usesColor: true).prompt("redis-trib> ") == "\u{1}\u{1B}[1;32m\u{1}redis-trib>\u{1}\u{1B}[0m\u{1} ")
    }

    @Test func noColourWhenAskedNotTo() {
        #expect(!TerminalStyle.automatic(environment: ["TERM": "xterm", "NO_COLOR": "1"]).usesColor)
        #expect(!TerminalStyle.automatic(environment: ["TERM": "dumb"]).usesColor)
    }
}
