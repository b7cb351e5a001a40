import NIOCore
import RESP

/// A steady stream of `GET`/`SET` on a cluster while a tool moves slots: what a client of the
/// cluster feels during the move.
///
/// Two streams of `rate / 2` requests a second each, on connections of their own: one on keys of
/// the moving slots, one on keys of other slots (see ``LoadKeys``). Each follows `MOVED` and `ASK`
/// as a cluster client does.
struct LoadClient: Sendable {
    var keys: LoadKeys
    /// Requests per second, both streams together.
    var rate: Double

    /// The streams, running until ``stop()``.
    struct Running {
        fileprivate var tasks: [Task<LoadStream.Outcome, Never>]

        /// Stops the streams and returns what they did.
        func stop() async -> [LoadStream.Outcome] {
            var outcomes: [LoadStream.Outcome] = []
            for task in tasks {
                task.cancel()
                outcomes.append(await task.value)
            }
            return outcomes
        }
    }

    /// Starts the streams; `owners` is the address of the master of each slot.
    func start(owners: [NodeAddress?]) -> Running {
        let perStream = rate / Double(keys.streams.count)
        return Running(
            tasks: keys.streams.enumerated().map { id, streamKeys in
                Task {
                    await LoadStream(id: id, keys: streamKeys, rate: perStream, router: LoadRouter(owners: owners)).run()
                }
            })
    }

    /// Reads every key the streams wrote and counts those whose value real time has superseded (see
    /// ``LoadKeyLedger``): acknowledged writes lost.
    ///
    /// - Throws: `BenchError` when a key cannot be read.
    static func lostWrites(_ outcomes: [LoadStream.Outcome], keys: LoadKeys, owners: [NodeAddress?]) async throws -> Int {
        let router = LoadRouter(owners: owners)
        var lost = 0
        for (name, ledger) in outcomes.flatMap(\.ledgers) {
            guard let key = keys.streams.joined().first(where: { $0.name == name }) else { continue }
            let reply = await router.send(RedisCommand(arguments: [ByteBuffer(string: "GET"), ByteBuffer(string: name)]), slot: key.slot)
            guard case .value(let value) = reply else {
                await router.close()
                throw BenchError("the load client cannot read back \(name): \(reply)")
            }
            let index: Int? = if case .null = value { nil } else { value.string.flatMap(LoadKeyLedger.index(of:)) ?? -1 }
            if !ledger.accepts(index, sentAt: .now) { lost += 1 }
        }
        await router.close()
        return lost
    }
}
