extension BalancePlan {
    /// How many of `count` slots each source gives, by node ID, in proportion to the slots it holds.
    ///
    /// Each source gives its exact part (`count × held ÷ held by all sources`) rounded down, and the
    /// slots left over go one each to the sources with the largest fractions (ties: the one holding
    /// more, then the order given), so the parts add up to exactly `count` (redis-cli rounds the
    /// first source up and the others down, which can move fewer). `count` is clamped to what the
    /// sources hold; a source listed twice counts once.
    public static func proportionalTake(from sources: [ClusterNode], count: Int) -> [String: Int] {
        var seen: Set<String> = []
        let sources = sources.filter { seen.insert($0.id).inserted }
        let held = sources.map(\.slots.count)
        let total = held.reduce(0, +)
        let count = min(max(count, 0), total)
        guard total > 0 else { return [:] }
        let exact = held.map { Double(count) * Double($0) / Double(total) }
        var parts = zip(exact, held).map { min(Int($0.rounded(.down)), $1) }
        var leftOver = count - parts.reduce(0, +)
        let order = sources.indices.sorted { left, right in
            let leftFraction = exact[left] - Double(parts[left])
            let rightFraction = exact[right] - Double(parts[right])
            return (-leftFraction, -held[left], left) < (-rightFraction, -held[right], right)
        }
        // Each pass gives at most one slot to each source that has one more to give.
        while leftOver > 0 {
            var gaveAny = false
            for index in order where leftOver > 0 && parts[index] < held[index] {
                parts[index] += 1
                leftOver -= 1
                gaveAny = true
            }
            if !gaveAny { break }
        }
        var result: [String: Int] = [:]
        for (source, part) in zip(sources, parts) where part > 0 {
            result[source.id] = part
        }
        return result
    }

    /// The `count` slots `source` gives: its lowest-numbered, or, given the keys of its slots, those
    /// with the fewest keys (ties: the lower slot number).
    public static func slotsToGive(from source: ClusterNode, count: Int, keys: [HashSlot: Int]? = nil) -> [HashSlot] {
        let slots = source.slots.sorted()
        guard let keys else { return Array(slots.prefix(max(count, 0))) }
        return Array(slots.sorted { (keys[$0] ?? 0, $0) < (keys[$1] ?? 0, $1) }.prefix(max(count, 0))).sorted()
    }
}
