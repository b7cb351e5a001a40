import RedisTrib
import Testing

@testable import TribCLI

/// What the end of a slot move adds to the command's result on a terminal.
struct ProgressRendererTests {
    @Test func aPlainRunAddsNothingAndAnUnusualOneSaysWhatWasUnusual() {
        let plain = MigrationSummary(slots: 10, slotsTotal: 10, keys: 500, elapsed: 0.5, keyMoves: 10, completed: true)
        #expect(plain.isPlain)
        #expect(MigrationSummary.nothingMoved.isPlain)

        var split = plain
        split.splits = 2
        #expect(!split.isPlain)
        #expect(ProgressRenderer.text(for: split).hasSuffix(", 2 batch(es) split after a timeout)"))

        var stopped = plain
        stopped.completed = false
        stopped.slots = 4
        #expect(!stopped.isPlain)
        #expect(ProgressRenderer.text(for: stopped).hasPrefix("stopped after moving 4 of 10 slot(s) and 500 key(s) in 0.5 s"))

        var replaced = plain
        replaced.busyKeysReplaced = 3
        #expect(ProgressRenderer.text(for: replaced).contains("3 equal key(s) replaced"))
    }

    @Test func slotsAlreadyInPlaceAreCountedInTheTextAndTheJSONSummary() {
        var summary = MigrationSummary(slots: 8, slotsInPlace: 2, slotsTotal: 10, keys: 500, elapsed: 0.5, keyMoves: 1, completed: true)
        #expect(ProgressRenderer.text(for: summary) == "moved 8 slot(s) and 500 key(s) in 0.5 s (1,000 keys/s, 2 slot(s) already in place)")
        #expect(OutputRenderer.jsonLine(ProgressRenderer.object(for: summary)).contains(#""slots_in_place":2"#))

        summary.slotsInPlace = 0
        #expect(ProgressRenderer.text(for: summary) == "moved 8 slot(s) and 500 key(s) in 0.5 s (1,000 keys/s)")
        #expect(OutputRenderer.jsonLine(ProgressRenderer.object(for: summary)).contains(#""slots_in_place":0"#))
    }

    @Test("the bar counts slots when slots move, and only keys when keys move without their slots (import)")
    func keysWithoutSlots() {
        let slots = ProgressRenderer.bar(MigrationProgress(slotsDone: 5, slotsTotal: 10, keysMoved: 500, keysTotal: 1000, elapsed: 1), width: 120)
        #expect(slots.contains("  50%  5/10 slots  500/1,000 keys"))
        let keys = ProgressRenderer.bar(MigrationProgress(slotsDone: 0, slotsTotal: 0, keysMoved: 25_000, keysTotal: 100_000, elapsed: 1), width: 120)
        #expect(keys.contains("  25%  25,000/100,000 keys") && !keys.contains("slots"))
    }
}
