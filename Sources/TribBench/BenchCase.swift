import RedisTrib

/// One measured situation: a cluster, the keys in it, the move, and the tools that make it.
struct BenchCase: Sendable {
    /// What the tools are asked to do, by node index (masters first, then free nodes).
    enum Move: Sendable {
        /// Move `slots` from master `source` to master `target`.
        case slots(source: Int, target: Int, slots: [Int])
        /// Free node `newNode` joins the cluster of `anchor` and takes its share of the slots.
        case join(anchor: Int, newNode: Int)
    }

    /// `A`, `B`, `C` or `D`.
    var id: String
    /// What it measures, for the table.
    var title: String
    var server: ServerBinary
    var masters: Int
    var freeNodes: Int
    var dataset: Dataset
    var move: Move
    /// The tools, in the order of the first repetition; later repetitions rotate it.
    var tools: [BenchTool]
    var repetitions: Int

    /// The cases to run on `server`.
    static func plan(for server: ServerBinary, quick: Bool, only: Set<String>, repetitions: Int?, scale: Double?) -> [BenchCase] {
        let valkey = server.family == .valkey
        let keyFactor = scale ?? (quick ? 0.5 : 1)
        let reps = repetitions ?? (quick ? 1 : 3)
        func keys(_ count: Int) -> Int { max(100, Int(Double(count) * keyFactor)) }
        func twoMasters(_ id: String, _ title: String, slots: [Int], keys: Int, tools: [BenchTool], repetitions: Int) -> BenchCase {
            BenchCase(
                id: id, title: "\(title), \(keys.grouped) keys", server: server, masters: 2, freeNodes: 0,
                dataset: Dataset(slots: slots, keyCount: keys),
                move: .slots(source: 0, target: 1, slots: slots), tools: tools, repetitions: repetitions
            )
        }
        // On Valkey 9, redis-trib may choose atomic migration by itself: the key-by-key row forces MIGRATE.
        let tribKeys: BenchTool = .tribMigrate(valkey ? .keys : .automatic)
        // redis-cli reshard takes the lowest slots of the source, so the keys go there.
        let firstSlots = Array(0..<1000)
        var cases: [BenchCase] = []

        var toolsA: [BenchTool] = [tribKeys, .tribMigrate(.dump), .redisCliReshard(pipeline: nil), .redisCliReshard(pipeline: 1000)]
        if valkey {
            toolsA += [.tribMigrate(.atomic), .serverSideMigrateSlots]
        }
        if !quick {
            toolsA.append(.pythonRedisTrib)
        }
        cases.append(twoMasters("A", "1000 slots", slots: firstSlots, keys: keys(200_000), tools: toolsA, repetitions: reps))
        cases.append(
            twoMasters(
                "B", "1 slot", slots: [0], keys: keys(200_000), tools: [tribKeys, .tribMigrate(.dump), .redisCliReshard(pipeline: 1000)], repetitions: reps))
        // Quick mode joins on Redis only: a join waits seconds for gossip whatever the server.
        if !quick || !valkey {
            cases.append(
                BenchCase(
                    id: "C", title: "join 3 -> 4 masters, \(keys(300_000).grouped) keys", server: server, masters: 3, freeNodes: 1,
                    dataset: Dataset(slots: Array(0..<16384), keyCount: keys(300_000)),
                    move: .join(anchor: 0, newNode: 3), tools: [.tribJoin(parallel: nil), .tribJoin(parallel: 1)], repetitions: reps
                ))
        }
        if !quick, !valkey {
            cases.append(twoMasters("D", "memory: 1000 slots", slots: firstSlots, keys: keys(1_000_000), tools: [.tribMigrate(.automatic)], repetitions: 1))
        }
        return cases.filter { only.contains($0.id) }
    }
}
