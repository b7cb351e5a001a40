import NIOCore
import Testing

@testable import RedisTrib

@Suite("KeyRoundPlanner")
struct KeyRoundPlannerTests {
    /// A layout of keys to move: how many slots, keys per slot, and their sizes.
    struct Layout: Sendable, CustomTestStringConvertible {
        var name: String
        var keysPerSlot: [Int]
        var size: @Sendable (_ slot: Int, _ index: Int) -> Int
        var keysPerBatch: Int
        var bytesPerBatch: Int

        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(
            name: "64 slots of 200 small keys", keysPerSlot: Array(repeating: 200, count: 64), size: { _, _ in 150 }, keysPerBatch: 1000,
            bytesPerBatch: 16 << 20),
        Layout(name: "one slot of 50,000 keys", keysPerSlot: [50000], size: { _, _ in 150 }, keysPerBatch: 1000, bytesPerBatch: 16 << 20),
        Layout(
            name: "batches of 7 across uneven slots", keysPerSlot: [0, 1, 6, 7, 8, 50, 0, 333], size: { _, _ in 100 }, keysPerBatch: 7, bytesPerBatch: 1 << 20),
        Layout(name: "big values capped by bytes", keysPerSlot: [300, 40], size: { _, _ in 100_000 }, keysPerBatch: 1000, bytesPerBatch: 1_000_000),
        Layout(
            name: "one huge key among small ones, sampled", keysPerSlot: [500, 500],
            size: { slot, index in slot == 0 && index == 208 ? 50_000_000 : 120 }, keysPerBatch: 1000, bytesPerBatch: 16 << 20
        ),
        Layout(
            name: "mixed sizes", keysPerSlot: [1000, 1000, 1000],
            size: { _, index in index % 10 == 0 ? 200_000 : 100 }, keysPerBatch: 500, bytesPerBatch: 2_000_000
        ),
    ]

    @Test(
        "every key moves exactly once, batches respect count and byte caps, windows stay bounded (tails after the fetch or not)",
        arguments: layouts, [false, true])
    func movesEverything(layout: Layout, tails: Bool) throws {
        var source = FakeSource(layout: layout)
        let limits = KeyRoundPlanner.Limits(keysPerBatch: layout.keysPerBatch, bytesPerBatch: layout.bytesPerBatch)
        let run = try source.drain(limits: limits, tails: tails)
        #expect(source.remaining == 0)
        #expect(run.moved == layout.keysPerSlot.reduce(0, +))
        #expect(run.movedTwice.isEmpty, "keys carried twice: \(run.movedTwice.prefix(3))")
        #expect(run.largestWindow <= 2 * limits.keysPerRound)
        for batch in run.batches {
            #expect(batch.keys.count <= layout.keysPerBatch)
            let actual = batch.keys.reduce(0) { $0 + source.size(of: $1) }
            #expect(batch.keys.count == 1 || actual <= layout.bytesPerBatch, "a batch of \(batch.keys.count) keys holds \(actual) bytes")
            #expect(batch.keys.allSatisfy { source.slot(of: $0) == batch.slot.intValue })
        }
    }

    @Test("a server that lists a slot's keys in another order at every fetch (Valkey's hash tables): still every key once", arguments: layouts)
    func reorderedWindows(layout: Layout) throws {
        var source = FakeSource(layout: layout)
        source.reorder = true
        let limits = KeyRoundPlanner.Limits(keysPerBatch: layout.keysPerBatch, bytesPerBatch: layout.bytesPerBatch)
        let run = try source.drain(limits: limits, tails: true)
        #expect(source.remaining == 0)
        #expect(run.moved == layout.keysPerSlot.reduce(0, +))
        #expect(run.movedTwice.isEmpty, "keys carried twice: \(run.movedTwice.prefix(3))")
    }

    @Test("a uniform window is probed by sample: one key in sixteen")
    func samplesUniformWindows() throws {
        let layout = Self.layouts[1]
        var source = FakeSource(layout: layout)
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 1000, bytesPerBatch: 16 << 20))
        #expect(run.probes <= 50000 / 16 + 64)
        #expect(run.probes >= 50000 / 16)
    }

    @Test("a big key between two samples rides in a batch of small keys: the batch is over by that key only")
    func bigKeyBetweenSamples() throws {
        let layout = Layout(
            name: "unsampled", keysPerSlot: [500], size: { _, index in index == 200 ? 50_000_000 : 120 }, keysPerBatch: 1000, bytesPerBatch: 16 << 20
        )
        var source = FakeSource(layout: layout)
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 1000, bytesPerBatch: 16 << 20))
        #expect(source.remaining == 0)
        for batch in run.batches {
            let actual = batch.keys.reduce(0) { $0 + source.size(of: $1) }
            let largest = batch.keys.map { source.size(of: $0) }.max() ?? 0
            #expect(actual - largest <= 16 << 20)
        }
    }

    @Test("a slot that shows two keys above 1/64 of the byte budget has every key probed")
    func probesEverythingAfterBigKeys() throws {
        let layout = Layout(
            name: "big", keysPerSlot: [4000], size: { _, index in index == 0 || index == 32 ? 1_000_000 : 100 }, keysPerBatch: 1000, bytesPerBatch: 16 << 20
        )
        var source = FakeSource(layout: layout)
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 1000, bytesPerBatch: 16 << 20))
        #expect(run.probes >= 4000)
        #expect(run.probes <= 4000 + 4000 / 16)
    }

    @Test("one big key among small ones: sampling goes on, only the keys beside it count big, every key moves once")
    func oneBigKeyKeepsSampling() throws {
        let layout = Layout(
            name: "one big", keysPerSlot: [4000], size: { _, index in index == 48 ? 1_000_000 : 100 }, keysPerBatch: 1000, bytesPerBatch: 2_000_000)
        var source = FakeSource(layout: layout)
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 1000, bytesPerBatch: 2_000_000))
        #expect(source.remaining == 0)
        #expect(run.moved == 4000)
        #expect(run.movedTwice.isEmpty)
        #expect(run.probes <= 4000 / 16 + 16, "\(run.probes) probes: every key was probed")
        // Keys 33…63 count as big as the big key (1 MB): a budget of 2 MB takes two of them a batch.
        let bigBatch = try #require(run.batches.first { batch in batch.keys.contains { source.size(of: $0) == 1_000_000 } })
        #expect(bigBatch.keys.count <= 2)
        #expect(run.batches.contains { $0.keys.count == 1000 }, "small keys no longer fill whole batches")
    }

    @Test("a batch that fails leaves its keys on the source; a later round carries them again", arguments: [false, true])
    func failedBatchIsRetried(tails: Bool) throws {
        let layout = Layout(name: "fail", keysPerSlot: [100, 100], size: { _, _ in 10 }, keysPerBatch: 30, bytesPerBatch: 1 << 20)
        var source = FakeSource(layout: layout)
        source.failFirstBatches = 2
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 30, bytesPerBatch: 1 << 20), tails: tails)
        #expect(source.remaining == 0)
        #expect(run.moved == 200)
        #expect(run.failedCarriedAgain)
    }

    @Test("without MEMORY USAGE, batches are capped by count only")
    func noProbing() throws {
        let layout = Layout(name: "no probes", keysPerSlot: [500, 70], size: { _, _ in 1_000_000 }, keysPerBatch: 100, bytesPerBatch: 1000)
        var source = FakeSource(layout: layout)
        source.refuseProbes = true
        let run = try source.drain(limits: KeyRoundPlanner.Limits(keysPerBatch: 100, bytesPerBatch: 1000))
        #expect(source.remaining == 0)
        #expect(run.batches.contains { $0.keys.count == 100 })
        // Only the first round probed (one key in sixteen of each window).
        #expect(run.probes == 32 + 5)
    }

    @Test("slots that are empty from the start finish without a round")
    func emptySlots() throws {
        var planner = KeyRoundPlanner(slots: [try HashSlot(1), try HashSlot(2)], limits: .init(keysPerBatch: 10, bytesPerBatch: 100))
        planner.received(windows: [try HashSlot(1): [], try HashSlot(2): []])
        #expect(planner.isFinished)
        #expect(planner.nextRound().isEmpty)
    }

    @Test("the fetch count shares two rounds of keys among the slots still moving")
    func fetchCount() throws {
        let slots = try (0..<64).map { try HashSlot($0) }
        var planner = KeyRoundPlanner(slots: slots, limits: .init(keysPerBatch: 1000, bytesPerBatch: 1 << 24))
        #expect(planner.fetchCount == 512)
        planner.received(windows: Dictionary(uniqueKeysWithValues: slots.dropFirst().map { ($0, [ByteBuffer]()) }))
        #expect(planner.fetchCount == 16000)
    }
}

/// A source node as the planner sees it: slots of ordered keys, `MEMORY USAGE`, `MIGRATE` (which
/// removes keys, or fails on purpose), and `GETKEYSINSLOT` in the server's order.
struct FakeSource {
    struct Run {
        var moved = 0
        var movedTwice: [ByteBuffer] = []
        var batches: [KeyRoundPlanner.Batch] = []
        var probes = 0
        var largestWindow = 0
        var failedCarriedAgain = false
    }

    var keys: [Int: [ByteBuffer]] = [:]
    var sizes: [ByteBuffer: Int] = [:]
    var failFirstBatches = 0
    var refuseProbes = false
    /// List a slot's keys rotated by a different amount at every fetch.
    var reorder = false
    private var fetches = 0

    init(layout: KeyRoundPlannerTests.Layout) {
        for (slot, count) in layout.keysPerSlot.enumerated() {
            keys[slot] = (0..<count).map { index in
                let key = ByteBuffer(string: "{\(slot)}:\(index)")
                sizes[key] = layout.size(slot, index)
                return key
            }
        }
    }

    var remaining: Int { keys.values.reduce(0) { $0 + $1.count } }

    func size(of key: ByteBuffer) -> Int { sizes[key] ?? 0 }

    func slot(of key: ByteBuffer) -> Int {
        let text = String(buffer: key)
        return Int(text.dropFirst().prefix { $0 != "}" }) ?? -1
    }

    mutating func window(_ slot: Int, _ count: Int) -> [ByteBuffer] {
        var all = keys[slot] ?? []
        if reorder, !all.isEmpty {
            fetches += 1
            let shift = (fetches * 7919) % all.count
            all = Array(all[shift...] + all[..<shift])
        }
        return Array(all.prefix(count))
    }

    /// Plays rounds until the planner is finished, as the pipeline would; with `tails`, the second
    /// half of each round's batches runs after its fetch, as ``SlotGroupKeyMover`` sends them.
    mutating func drain(limits: KeyRoundPlanner.Limits, tails: Bool = false) throws -> Run {
        let slots = try keys.keys.sorted().map { try HashSlot($0) }
        var planner = KeyRoundPlanner(slots: slots, limits: limits)
        var run = Run()
        let count = planner.fetchCount
        planner.received(windows: Dictionary(uniqueKeysWithValues: slots.map { ($0, window($0.intValue, count)) }))
        var moved = Set<ByteBuffer>()
        var failed = Set<ByteBuffer>()
        var rounds = 0
        var tail: [KeyRoundPlanner.Batch] = []
        while !planner.isFinished {
            rounds += 1
            guard rounds < 100_000 else { throw PlannerStuck() }
            let round = planner.nextRound()
            guard !round.isEmpty else { throw PlannerStuck() }
            var carried = Set<ByteBuffer>()
            for batch in round.batches {
                for key in batch.keys {
                    if !carried.insert(key).inserted { run.movedTwice.append(key) }
                    if failed.contains(key) { run.failedCarriedAgain = true }
                }
            }
            for key in tail.flatMap(\.keys) where carried.contains(key) {
                run.movedTwice.append(key)
            }
            // The previous round's tail ran before this round.
            execute(tail, &run, &moved, &failed)
            run.probes += round.probes.count
            planner.received(sizes: refuseProbes ? nil : round.probes.map { sizes[$0.key] }, for: round)
            let headCount = tails ? round.batches.count - round.batches.count / 2 : round.batches.count
            execute(Array(round.batches[..<headCount]), &run, &moved, &failed)
            tail = Array(round.batches[headCount...])
            var windows: [HashSlot: [ByteBuffer]] = [:]
            for fetch in round.fetches {
                windows[fetch.slot] = window(fetch.slot.intValue, fetch.count)
                run.largestWindow = max(run.largestWindow, fetch.count)
            }
            var moving: [HashSlot: [ByteBuffer]] = [:]
            for batch in tail {
                moving[batch.slot, default: []].append(contentsOf: batch.keys)
            }
            planner.received(windows: windows, excluding: moving)
        }
        execute(tail, &run, &moved, &failed)
        return run
    }

    private mutating func execute(_ batches: [KeyRoundPlanner.Batch], _ run: inout Run, _ moved: inout Set<ByteBuffer>, _ failed: inout Set<ByteBuffer>) {
        for batch in batches {
            run.batches.append(batch)
            if failFirstBatches > 0 {
                failFirstBatches -= 1
                failed.formUnion(batch.keys)
                continue
            }
            let gone = Set(batch.keys)
            keys[batch.slot.intValue]?.removeAll { gone.contains($0) }
            for key in batch.keys where !moved.insert(key).inserted {
                run.movedTwice.append(key)
            }
            run.moved += batch.keys.count
        }
    }
}

struct PlannerStuck: Error {}

@Suite("Key batches: limits a library user passes are clamped")
struct KeyRoundLimitsTests {
    @Test("limits near Int.max cannot overflow the planner's arithmetic")
    func huge() {
        let limits = KeyRoundPlanner.Limits(keysPerBatch: 1 << 60, bytesPerBatch: Int.max, keysPerRound: Int.max)
        #expect(limits.keysPerBatch == OperationOptions.keysPerBatchRange.upperBound)
        #expect(limits.bytesPerBatch == OperationOptions.bytesPerBatchRange.upperBound)
        #expect(limits.keysPerRound == OperationOptions.keysPerBatchRange.upperBound)
        let negative = KeyRoundPlanner.Limits(keysPerBatch: -1, bytesPerBatch: -1)
        #expect(negative.keysPerBatch == 1 && negative.bytesPerBatch == 1)
    }

    @Test("the single-key MIGRATE timeout saturates instead of overflowing")
    func singleKeyTimeout() {
        #expect(OperationOptions(migrateTimeoutMilliseconds: Int.max).effectiveSingleKeyMigrateTimeout == Int.max)
        #expect(OperationOptions(migrateTimeoutMilliseconds: 100).effectiveSingleKeyMigrateTimeout == 60000)
    }
}
