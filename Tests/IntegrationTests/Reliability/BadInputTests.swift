import RESP
import RedisTrib
import Testing
import TribCommands
import TribTestSupport

/// The catalogue of bad inputs (``BadInputCatalogue``), each run through the built binary against
/// real nodes: the exit status and message it must give, and every node's configuration the same
/// afterwards.
@Suite("Reliability: bad input catalogue", .serialized)
struct BadInputTests {
    @Test("the catalogue has at least 100 bad inputs")
    func catalogueSize() {
        #expect(BadInputCatalogue.all.count >= 100, "\(BadInputCatalogue.all.count) entries")
    }

    @Test("each bad input exits with its status and message, and no node changes", arguments: BadInput.Kind.allCases)
    func badInputs(kind: BadInput.Kind) async throws {
        let entries = BadInputCatalogue.all.filter { $0.kind == kind }
        var figures = ReliabilityFigures(scenario: "bad input: \(kind.rawValue)")
        let plainLauncher = try LocalServerLauncher(extraArguments: ["--cluster-enabled", "no"])
        var plain: [LocalServer] = []
        do {
            try await withLocalServers(5) { servers in
                // Started last, so no server of this test takes the dead one's port.
                plain = try await plainLauncher.start(count: 2)
                await plain[1].stop()
                let (a, b, replica, free, other) = (servers[0].address, servers[1].address, servers[2].address, servers[3].address, servers[4].address)
                // The replica and the other cluster only for the kinds that name them: they take seconds to set up.
                let named = entries.flatMap(\.words).joined(separator: " ")
                try await withOperator(.testing) { trib in
                    try await trib.startMulti([a, b])
                    if named.contains("$REPLICA") { try await trib.replicate(master: a, replica: replica) }
                    if named.contains("$OTHER") { try await trib.start(other) }
                }
                // A key on the other cluster's node, so that `shutdown` of it is refused.
                if named.contains("$OTHER") { try await withConnection(to: other) { try await $0.send("SET", "kept", "1") } }
                let nodes = [
                    "$A": "\(a)", "$B": "\(b)", "$REPLICA": "\(replica)", "$FREE": "\(free)", "$OTHER": "\(other)",
                    "$PLAIN": "\(plain[0].address)", "$DEAD": "\(plain[1].address)",
                ]
                let members = named.contains("$REPLICA") ? [a, b, replica] : [a, b]
                let before = try await waitUntilSettled(members) + readConfigurations([free, other, plain[0].address] + (members.count == 2 ? [replica] : []))
                for entry in entries {
                    let words = entry.resolved(nodes)
                    let result = try await TribProcess.run(words)
                    let message = BadInput(kind, [entry.message], 0, "").resolved(nodes)[0]
                    #expect(result.status == entry.status, "\(words): exit \(result.status), stderr: \(result.err.prefix(400))")
                    #expect(result.err.contains(message), "\(words): stderr lacks \(String(reflecting: message)): \(result.err.prefix(400))")
                    figures.runs += 1
                    if result.status == entry.status, result.err.contains(message) {
                        figures.refusals += 1
                    }
                }
                try await assertUnchanged(before)
                figures.keysChecked = before.reduce(0) { $0 + $1.keyCount }
                figures.notes = "\(figures.refusals) of \(entries.count) refused with the expected status and message; configurations unchanged"
            }
        } catch {
            await plainLauncher.stop(plain)
            throw error
        }
        await plainLauncher.stop(plain)
        figures.record()
    }
}
