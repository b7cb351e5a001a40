import NIOCore
import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// The built `redis-trib` is SIGKILLed at each step of a slot move and at random times during
/// `migrate_slots`, `join`, `quit` and `fix`; `fix` and a rerun of the command then leave no slot
/// open and no key lost.
@Suite("Reliability: the tool killed", .serialized)
struct ToolKilledTests {
    static let commands = ["migrate_slots", "join", "quit", "fix"]

    @Test("SIGKILL at each step of a move and at random times; fix and a rerun finish the work, no key lost")
    func killedAtEveryStep() async throws {
        let points = ReliabilityFigures.runs(quick: 5, long: 60, key: "KILLS")
        var figures = Dictionary(uniqueKeysWithValues: Self.commands.map { ($0, ReliabilityFigures(scenario: "tool killed: \($0)")) })
        var reached: [String: [String: Int]] = [:]
        var generator = SplitMix64(seed: 0x6B69_6C6C)
        try await withLocalServers(4, extraArguments: ["--cluster-node-timeout", "2000"]) { servers in
            let (a, b, c, d) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address)
            let moved = try SlotSet(parsing: "0-7")
            var baseline = try await startFilledCluster([a, b, c], slots: moved, perSlot: 500, spread: 2000, prefix: "kill")
            let half = try HashSlot(200)
            let halfKeys = try await writeSlotKeys(half, perSlot: 400, to: a, into: &baseline)

            // Every 20 points cover each command with each kill point once (4 and 5 are coprime); points an
            // operation finishes before (fix sends no IMPORTING) do not count, so the loop goes on until
            // `points` kills, or three times as many tries.
            var killed = 0
            var index = 0
            while killed < points, index < 3 * points {
                defer { index += 1 }
                let command = Self.commands[index % Self.commands.count]
                let point = KillPoint.allCases[index % KillPoint.allCases.count]
                let batch = point == .randomTime ? [] : ["--no-atomic", "--keys-per-batch", "20"]
                let members = try await clusterMembers(a, among: [a, b, c, d])
                let arguments: [String]
                switch command {
                case "migrate_slots":
                    // Slots 0-7 back on A first (join and quit may have spread them), outside the count.
                    for holder in members where holder != a {
                        let part = (try await ownView(holder)?.slots ?? SlotSet()).intersection(moved)
                        if !part.isEmpty { try await withOperator(.testing) { try await $0.migrateSlots(from: holder, to: a, slots: part) } }
                    }
                    arguments = ["migrate_slots", "\(a)", "\(b)", "0-7"] + batch
                case "join":
                    if members.contains(d) { try await withOperator(.testing) { try await $0.quit(d) } }
                    arguments = ["join", "\(a)", "\(d)"] + batch
                case "quit":
                    if !members.contains(d) { try await withOperator(.testing) { try await $0.join(cluster: a, newNode: d) } }
                    arguments = ["quit", "\(d)"] + batch
                default:
                    try await openHalfDoneMove(of: half, keys: halfKeys, among: members)
                    arguments = ["fix", "\(a)", "--keys-per-batch", "20"]
                }

                let trib = try WatchedTrib(["--timeout", "30"] + arguments)
                var migrates = 0
                var killedAt: String?
                let wait: WatchedTrib.LineWait
                if point == .randomTime {
                    // At a random time after the first command was sent, not before the tool began.
                    wait = try await trib.waitForLine { _ in true }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...800, using: &generator)))
                } else {
                    wait = try await trib.waitForLine { point.matches($0, migrates: &migrates) }
                }
                #expect(wait != .timedOut, "\(command) hung before \(point)")
                // Counted only when the signal is what ended the tool.
                if case .matched = wait, trib.kill() {
                    killedAt = point.description
                } else {
                    trib.kill()
                }
                reached[command, default: [:]][killedAt ?? "finished first", default: 0] += 1

                // Recovery: fix, then the same command again (it may be refused: the work is done).
                var fix = try await TribProcess.run(["--timeout", "30", "fix", "\(a)"])
                // Valkey's atomic slot migration goes on in the servers after the tool is gone; fix refuses
                // to touch those slots while the job runs, and is tried again until it has ended.
                var retries = 0
                while fix.status == 1, fix.err.contains("is still running"), retries < 60 {
                    retries += 1
                    try await Task.sleep(for: .seconds(1))
                    fix = try await TribProcess.run(["--timeout", "30", "fix", "\(a)"])
                }
                if retries > 0 { reached[command, default: [:]]["fix waited for an atomic job", default: 0] += 1 }
                #expect(fix.status == 0, "fix after \(command) killed \(killedAt ?? "-"): \(fix.err)")
                let rerun = try await TribProcess.run(["--timeout", "30"] + arguments)
                if rerun.status != 0 {
                    figures[command]?.refusals += 1
                    #expect(rerun.status == 1, "rerun of \(arguments): \(rerun.err)")
                }
                // The work is done whatever the rerun said (join is not rerunnable: D is a member, with or without slots).
                switch command {
                case "migrate_slots":
                    #expect(rerun.status == 0, "rerun of \(arguments): \(rerun.err)")
                    #expect(
                        try await ownView(b).map { moved.isSubset(of: $0.slots) } == true,
                        "slots 0-7 are not on \(b) after \(command) killed \(killedAt ?? "-")")
                case "quit":
                    #expect(
                        !(try await clusterMembers(a, among: [a, b, c, d])).contains(d),
                        "\(d) is still a member after quit killed \(killedAt ?? "-") and run again")
                default:
                    break
                }
                try await waitUntilSettled(try await clusterMembers(a, among: [a, b, c, d]))
                for node in [a, b, c, d] {
                    #expect(try await ownView(node)?.openSlots.isEmpty == true, "\(node) has open slots after \(command) killed \(killedAt ?? "-")")
                }
                let check = try await LedgerCheck.read([a, b, c, d], written: baseline)
                #expect(check.lost.count == 0, "\(command) killed \(killedAt ?? "-"): \(check.summary)")
                #expect(check.unexpected.count == 0, "\(command) killed \(killedAt ?? "-"): \(check.summary)")
                figures[command]?.runs += killedAt == nil ? 0 : 1
                killed += killedAt == nil ? 0 : 1
                figures[command]?.keysChecked += check.keysChecked
                figures[command]?.keysLost += check.lost.count
            }
        }
        for command in Self.commands {
            figures[command]?.notes = (reached[command] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            figures[command]?.record()
        }
        let killed = figures.values.reduce(0) { $0 + $1.runs }
        #expect(killed >= points, "the tool was killed mid-operation \(killed) times, not \(points)")
    }

    @Test(
        "--transfer dump SIGKILLed between RESTORE and the source's delete: a key on both nodes, changed on the source since, is finished by fix with the source's value"
    )
    func killedBetweenRestoreAndDelete() async throws {
        let kills = ReliabilityFigures.runs(quick: 2, long: 20, key: "KILLS")
        var figures = ReliabilityFigures(scenario: "tool killed: migrate_slots --transfer dump")
        var bothSides = 0
        try await withLocalServers(3, extraArguments: ["--cluster-node-timeout", "2000"]) { servers in
            let (a, b, c) = (servers[0].address, servers[1].address, servers[2].address)
            let moved = try SlotSet(parsing: "0-7")
            var baseline = try await startFilledCluster([a, b, c], slots: moved, perSlot: 2000, spread: 2000, prefix: "dumpkill")
            for run in 0..<kills {
                let (source, target) = run.isMultiple(of: 2) ? (a, b) : (b, a)
                let arguments = ["migrate_slots", "\(source)", "\(target)", "0-7", "--no-atomic", "--transfer", "dump", "--keys-per-batch", "1000"]
                let trib = try WatchedTrib(["--timeout", "30"] + arguments)
                // Each command is logged before its pipeline is written: at the first delete of a batch
                // (EVALSHA) its RESTOREs are answered, and the tool is still logging the other deletes.
                var deletes = 0
                let wait = try await trib.waitForLine { line in
                    let words = line.split(separator: " ")
                    if words.count > 1, words[1].uppercased() == "EVALSHA" { deletes += 1 }
                    return deletes >= 1 + 3000 * run
                }
                #expect(wait != .timedOut, "migrate_slots --transfer dump hung before its deletes:\n\(trib.lastLines())")
                if case .matched = wait, trib.kill() {
                    figures.runs += 1
                }

                // A client writes a key the tool left on both nodes, on the source, where clients read it.
                let targetID = try #require(try await ownView(target)?.id)
                let open = try await ownView(source)?.migrating.filter { $0.value == targetID }.map(\.key) ?? []
                var changed: ByteBuffer?
                for slot in open where changed == nil {
                    let copies = try await keysInSlot(Int(slot.rawValue), on: target)
                    try await withConnection(to: source) { connection in
                        for key in copies where changed == nil {
                            // A key gone from a migrating slot is answered -ASK: not there.
                            if try await connection.pipeline([RedisCommand(arguments: [ByteBuffer(string: "EXISTS"), key])])[0].int == 1 {
                                changed = key
                                let value = ByteBuffer(string: "written after the kill \(run)")
                                try await connection.send(RedisCommand(arguments: [ByteBuffer(string: "SET"), key, value]))
                                baseline[key] = value
                            }
                        }
                    }
                }
                if changed != nil { bothSides += 1 }

                let fix = try await TribProcess.run(["--timeout", "30", "fix", "\(a)"])
                #expect(fix.status == 0, "fix after the kill: \(fix.err)")
                let rerun = try await TribProcess.run(["--timeout", "30"] + arguments)
                #expect(rerun.status == 0, "rerun of \(arguments): \(rerun.err)")
                #expect(try await ownView(target).map { moved.isSubset(of: $0.slots) } == true, "slots 0-7 are not on \(target)")
                try await waitUntilSettled([a, b, c])
                for node in [a, b, c] {
                    #expect(try await ownView(node)?.openSlots.isEmpty == true, "\(node) has open slots after the kill and fix")
                }
                let check = try await LedgerCheck.read([a, b, c], written: baseline)
                #expect(check.lost.count == 0, "run \(run): \(check.summary)")
                #expect(check.unexpected.count == 0, "run \(run): \(check.summary)")
                figures.keysChecked += check.keysChecked
                figures.keysLost += check.lost.count
            }
        }
        figures.notes = "a key on both nodes, changed on the source, in \(bothSides) of \(kills) kills"
        figures.record()
        #expect(bothSides > 0, "no kill left a key on both nodes")
        #expect(figures.runs == kills, "the tool was killed mid-move \(figures.runs) times, not \(kills)")
    }
}
