/// Runs one body per element in parallel, never more than a bound at once: how every operation
/// that talks to every node of a cluster talks to them.
enum FanOut {
    /// How many nodes are talked to at once. Each body holds a connection (a descriptor; the usual
    /// soft limit is 1024, and a key mover adds connections of its own) and its replies in memory,
    /// and a loopback test cluster of 300 servers shares the machine's cores with the tool: 64 at
    /// once keeps a 300-node read five rounds deep while the descriptors and memory in use stay
    /// those of a 64-node cluster.
    static let nodeLimit = 64

    /// `body` of every element, at most `limit` running at once, the results in the order of `elements`.
    static func map<Element: Sendable, T: Sendable>(
        _ elements: [Element],
        limit: Int = nodeLimit,
        _ body: @escaping @Sendable (Element) async -> T
    ) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: elements.count)
            var next = 0
            // A new body starts only when one has ended.
            for (index, element) in elements.enumerated().prefix(max(1, limit)) {
                group.addTask { (index, await body(element)) }
                next = index + 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < elements.count {
                    let element = elements[next]
                    let started = next
                    group.addTask { (started, await body(element)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
