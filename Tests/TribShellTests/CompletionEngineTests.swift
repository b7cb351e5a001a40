import Testing
import TribShell

struct CompletionEngineTests {
    @Test(arguments: [
        ("", ""),
        ("migr", "migr"),
        ("migrate_slots ", ""),
        ("migrate_slots 127.0.0.1:70", "127.0.0.1:70"),
        ("check --rep", "--rep"),
        ("echo $n.sl", "$n.sl"),
        ("for n in masters() { echo $n", "$n"),
        ("echo count($x", "$x"),
        ("let a = [1, mast", "mast"),
        ("echo \"ab", "ab"),
        ("for x in [1, 2] {\n  mig", "mig"),
        ("echo é✓", "é✓"),
    ])
    func theWordBeforeTheCursor(line: String, word: String) {
        #expect(CompletionEngine.word(before: line) == word[...])
    }

    @Test func oneCandidateReplacesTheWordAndAddsASpace() {
        #expect(CompletionEngine.completion(of: "migr", candidates: ["migrate_slots"]) == .replaceWord(with: "migrate_slots "))
    }

    @Test func severalCandidatesCompleteTheirCommonPrefix() {
        #expect(CompletionEngine.completion(of: "m", candidates: ["migrate_slots", "migrate"]) == .replaceWord(with: "migrate"))
    }

    @Test func candidatesWithNoLongerPrefixAreListedSorted() {
        #expect(
            CompletionEngine.completion(of: "m", candidates: ["migrate_slots", "masters", "masters"])
                == .list(["masters", "migrate_slots"])
        )
    }

    @Test func noCandidateCompletesNothing() {
        #expect(CompletionEngine.completion(of: "zz", candidates: []) == .none)
    }

    @Test func aCandidateInAnotherCaseReplacesTheWord() {
        #expect(CompletionEngine.completion(of: "MIG", candidates: ["migrate_slots"]) == .replaceWord(with: "migrate_slots "))
    }

    @Test func theEngineAsksTheEvaluatorWithTheWordAndTheLine() {
        let handler = RecordingShellHandler(candidates: ["127.0.0.1:7000", "127.0.0.1:7001"])
        let engine = CompletionEngine(handler: handler)
        #expect(engine.complete(lineBeforeCursor: "migrate_slots 127") == .replaceWord(with: "127.0.0.1:700"))
        #expect(handler.requests == [CompletionRequest(word: "127", lineBeforeCursor: "migrate_slots 127")])
    }

    @Test func listsAreLaidOutInColumnsDownwards() {
        let lines = CompletionEngine.columns(["a", "bb", "ccc", "d", "e"], width: 12)
        #expect(lines == ["a    d", "bb   e", "ccc"])
    }

    @Test func aNarrowTerminalGetsOneColumn() {
        #expect(CompletionEngine.columns(["masters", "migrate_slots"], width: 5) == ["masters", "migrate_slots"])
    }
}
