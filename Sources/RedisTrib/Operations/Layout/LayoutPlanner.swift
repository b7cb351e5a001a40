import RESP

/// Chooses masters and replicas among free nodes, keeping each replica off its master's host and
/// the replicas of one master on different hosts, then (where the servers report them) zones: a
/// pure function of the nodes, tested alone.
public enum LayoutPlanner {
    /// What one replica placement costs: a replica on its master's host outweighs everything else,
    /// then replicas of one master on one host, then the same two for zones.
    private enum Cost {
        static let masterHost = 1000
        static let siblingHost = 100
        static let masterZone = 10
        static let siblingZone = 1
    }

    /// The layout of a cluster of `nodes` with `replicas` replicas per master: `nodes.count /
    /// (replicas + 1)` masters, chosen by interleaving hosts (and zones) as redis-cli does, slots
    /// shared evenly in that order (the first master taking the remainder); every other node a
    /// replica, nodes beyond masters × (replicas + 1) extra replicas of the masters with fewest.
    ///
    /// - Throws: ``TribError`` `.invalidArgument` when there are fewer nodes than one master and its
    ///   replicas, or `replicas` is negative.
    public static func plan(_ nodes: [LayoutNode], replicas: Int) throws(TribError) -> ClusterLayout {
        guard replicas >= 0 else {
            throw TribError(.invalidArgument, "--replicas must be 0 or more, not \(replicas)")
        }
        // Compared before any arithmetic: a count from a library caller may be as large as Int.max.
        guard replicas < nodes.count else {
            throw TribError(
                .invalidArgument,
                "\(replicas) replica(s) per master need more than \(replicas) nodes; \(nodes.count) given"
            )
        }
        let masterCount = nodes.count / (replicas + 1)
        let ordered = interleaved(nodes)
        let masters = Array(ordered.prefix(masterCount))
        var pool = Array(ordered.dropFirst(masterCount))
        var groups = masters.map { _ in [LayoutNode]() }
        // Round by round, each master takes the cheapest replica left, so every master has its
        // replicas before any has extra ones.
        var round = 0
        while !pool.isEmpty {
            let order = round < replicas ? Array(masters.indices) : masters.indices.sorted { groups[$0].count < groups[$1].count }
            for index in order where !pool.isEmpty && (round < replicas || groups[index].count == round) {
                let best = cheapest(in: pool, for: masters[index], siblings: groups[index])
                groups[index].append(pool.remove(at: best))
            }
            round += 1
        }
        improve(&groups, masters: masters)
        let shares = evenShares(of: HashSlot.count, among: masterCount)
        var first = 0
        var shards: [ClusterLayout.Shard] = []
        for (index, master) in masters.enumerated() {
            shards.append(ClusterLayout.Shard(master: master, slots: SlotSet(first...(first + shares[index] - 1)), replicas: groups[index]))
            first += shares[index]
        }
        return ClusterLayout(shards: shards, warnings: shards.flatMap(warnings), applied: false)
    }

    /// The nodes in the order masters are taken from: one node of each host in turn, the hosts
    /// ordered so that consecutive ones are in different zones where zones are known, and the
    /// nodes of one host taken zone by zone.
    static func interleaved(_ nodes: [LayoutNode]) -> [LayoutNode] {
        var hostOrder: [String] = []
        var byHost: [String: [LayoutNode]] = [:]
        for node in nodes {
            if byHost[node.host] == nil { hostOrder.append(node.host) }
            byHost[node.host, default: []].append(node)
        }
        var zoneOrder: [String] = []
        var hostsByZone: [String: [String]] = [:]
        for host in hostOrder {
            let zone = byHost[host]?.first?.zone ?? ""
            if hostsByZone[zone] == nil { zoneOrder.append(zone) }
            hostsByZone[zone, default: []].append(host)
        }
        let hosts = roundRobin(zoneOrder.map { hostsByZone[$0] ?? [] })
        // Within a host, its zones in turn too (a host that reports several zones).
        return roundRobin(hosts.map { roundRobin(grouped(byHost[$0] ?? [], by: \.zone).map(\.1)) })
    }

    /// The first of each list, then the second of each, and so on.
    private static func roundRobin<T>(_ lists: [[T]]) -> [T] {
        let longest = lists.map(\.count).max() ?? 0
        return (0..<longest).flatMap { index in lists.compactMap { index < $0.count ? $0[index] : nil } }
    }

    /// The index in `pool` of the replica that adds the least cost to `master`'s group; among
    /// equals, one from the host with the most nodes left (keeping the scarce hosts for later), then the first.
    private static func cheapest(in pool: [LayoutNode], for master: LayoutNode, siblings: [LayoutNode]) -> Int {
        var left: [String: Int] = [:]
        for node in pool { left[node.host, default: 0] += 1 }
        var best = 0
        var bestKey = (Int.max, 0)
        for (index, node) in pool.enumerated() {
            let key = (cost(of: node, master: master, siblings: siblings), -(left[node.host] ?? 0))
            if key < bestKey {
                best = index
                bestKey = key
            }
        }
        return best
    }

    /// What `replica` adds to the cost of a group with `master` and `siblings`.
    static func cost(of replica: LayoutNode, master: LayoutNode, siblings: [LayoutNode]) -> Int {
        var total = 0
        if replica.host == master.host { total += Cost.masterHost }
        if replica.sharesZone(with: master) { total += Cost.masterZone }
        for sibling in siblings {
            if sibling.host == replica.host { total += Cost.siblingHost }
            if sibling.sharesZone(with: replica) { total += Cost.siblingZone }
        }
        return total
    }

    /// The cost of one master's group.
    private static func cost(of group: [LayoutNode], master: LayoutNode) -> Int {
        group.indices.reduce(0) { total, index in total + cost(of: group[index], master: master, siblings: Array(group[..<index])) }
    }

    /// Swaps replicas between masters while a swap lowers the cost of the two groups: the greedy
    /// rounds can leave the last master only a replica on its own host when an exchange would do.
    private static func improve(_ groups: inout [[LayoutNode]], masters: [LayoutNode]) {
        var improved = true
        while improved {
            improved = false
            for first in groups.indices {
                for second in groups.indices where second > first {
                    for a in groups[first].indices {
                        for b in groups[second].indices {
                            let before = cost(of: groups[first], master: masters[first]) + cost(of: groups[second], master: masters[second])
                            var one = groups[first]
                            var two = groups[second]
                            swap(&one[a], &two[b])
                            if cost(of: one, master: masters[first]) + cost(of: two, master: masters[second]) < before {
                                groups[first] = one
                                groups[second] = two
                                improved = true
                            }
                        }
                    }
                }
            }
        }
    }

    /// Slot counts for `count` masters: equal shares, the first taking the remainder.
    static func evenShares(of total: Int, among count: Int) -> [Int] {
        let base = total / count
        return (0..<count).map { $0 == 0 ? base + total % count : base }
    }

    /// What a shard shares: each replica on its master's host or in its zone, and each host or
    /// zone that holds two or more of its replicas.
    static func warnings(for shard: ClusterLayout.Shard) -> [AffinityWarning] {
        let master = shard.master
        var warnings: [AffinityWarning] = []
        for replica in shard.replicas where replica.host == master.host {
            warnings.append(AffinityWarning(kind: .replicaOnMasterHost, master: master.address, replicas: [replica.address], place: master.host))
        }
        for (host, together) in grouped(shard.replicas, by: \.host) where together.count > 1 {
            warnings.append(AffinityWarning(kind: .replicasShareHost, master: master.address, replicas: together.map(\.address), place: host))
        }
        for replica in shard.replicas where replica.sharesZone(with: master) {
            warnings.append(AffinityWarning(kind: .replicaInMasterZone, master: master.address, replicas: [replica.address], place: master.zone ?? ""))
        }
        for (zone, together) in grouped(shard.replicas, by: \.zone) where together.count > 1 {
            if let zone {
                warnings.append(AffinityWarning(kind: .replicasShareZone, master: master.address, replicas: together.map(\.address), place: zone))
            }
        }
        return warnings
    }

    /// `nodes` grouped by a key, the groups in the order their first node comes.
    private static func grouped<Key: Hashable>(_ nodes: [LayoutNode], by key: (LayoutNode) -> Key) -> [(Key, [LayoutNode])] {
        var order: [Key] = []
        var groups: [Key: [LayoutNode]] = [:]
        for node in nodes {
            let value = key(node)
            if groups[value] == nil { order.append(value) }
            groups[value, default: []].append(node)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }
}
