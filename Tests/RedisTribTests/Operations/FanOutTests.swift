import Synchronization
import Testing

@testable import RedisTrib

@Suite("Bounded fan-out over the nodes")
struct FanOutTests {
    /// Counts the bodies running at once and the most that ever did.
    final class Concurrency: Sendable {
        private let state = Mutex((running: 0, most: 0))

        func enter() {
            state.withLock { state in
                state.running += 1
                state.most = max(state.most, state.running)
            }
        }

        func leave() {
            state.withLock { $0.running -= 1 }
        }

        var most: Int { state.withLock { $0.most } }
    }

    @Test("never more bodies at once than the bound, every element run once, results in the order given", arguments: [1, 3, 64])
    func bound(limit: Int) async {
        let concurrency = Concurrency()
        let elements = Array(0..<300)
        let results = await FanOut.map(elements, limit: limit) { element -> Int in
            concurrency.enter()
            // Each body waits until the bound was reached once (for at most 10 s, should it never be):
            // without a bound, every body would then be running at once.
            for _ in 0..<10_000 where concurrency.most < limit {
                try? await Task.sleep(for: .milliseconds(1))
            }
            concurrency.leave()
            return element * 2
        }
        #expect(results == elements.map { $0 * 2 })
        #expect(concurrency.most <= limit)
        // The bound is reached: the bodies do run in parallel.
        #expect(concurrency.most == limit)
    }

    @Test("the bound of the operations is the named one; no elements, no results")
    func defaults() async {
        #expect(FanOut.nodeLimit == 64)
        let results = await FanOut.map([Int]()) { $0 }
        #expect(results.isEmpty)
    }
}
