import NIOCore
import RESP

/// One stream of the load client: `SET` then `GET` on each of its keys in turn, at a fixed rate.
/// Each request is sent when it is due, whether or not earlier ones were answered (an open loop: a
/// stalled node does not slow the stream down, so its stall is measured, not omitted), and its
/// latency counts from when it was due.
actor LoadStream {
    /// One request: the slot of its key, its latency from when it was due, and its failure if any.
    struct Sample: Sendable {
        var slot: Int
        var micros: UInt64
        var failure: String?
    }

    /// What a stream did: its requests, what it knows of each key, and the redirections it followed.
    struct Outcome: Sendable {
        var samples: [Sample] = []
        var ledgers: [String: LoadKeyLedger] = [:]
        var redirects = 0
    }

    let id: Int
    let keys: [LoadKeys.Key]
    /// Requests per second.
    let rate: Double
    let router: LoadRouter
    private var outcome = Outcome()

    init(id: Int, keys: [LoadKeys.Key], rate: Double, router: LoadRouter) {
        self.id = id
        self.keys = keys
        self.rate = rate
        self.router = router
    }

    /// Sends requests until the task is cancelled, then waits for those in flight.
    func run() async -> Outcome {
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            var index = 0
            while !Task.isCancelled {
                let due = start + interval * index
                if ContinuousClock.now < due {
                    try? await Task.sleep(until: due, clock: .continuous)
                    if Task.isCancelled { break }
                }
                let request = index
                group.addTask { await self.request(request, due: due) }
                index += 1
            }
        }
        outcome.redirects = await router.redirects
        await router.close()
        return outcome
    }

    private func request(_ index: Int, due: ContinuousClock.Instant) async {
        let key = keys[index % keys.count]
        let write = (index / keys.count) % 2 == 0
        let sentAt = ContinuousClock.now
        let command: RedisCommand
        if write {
            outcome.ledgers[key.name, default: LoadKeyLedger()].send(index, at: sentAt)
            let value = LoadKeyLedger.value(stream: id, index: index)
            command = RedisCommand(arguments: [ByteBuffer(string: "SET"), ByteBuffer(string: key.name), ByteBuffer(string: value)])
        } else {
            command = RedisCommand(arguments: [ByteBuffer(string: "GET"), ByteBuffer(string: key.name)])
        }
        let reply = await router.send(command, slot: key.slot)
        let micros = UInt64(max(0, (ContinuousClock.now - due).seconds * 1e6))
        var failure: String?
        switch (reply, write) {
        case (.value, true):
            outcome.ledgers[key.name, default: LoadKeyLedger()].acknowledge(index, at: .now)
        case (.value(let read), false):
            let readIndex: Int? = if case .null = read { nil } else { read.string.flatMap(LoadKeyLedger.index(of:)) ?? -1 }
            if !(outcome.ledgers[key.name] ?? LoadKeyLedger()).accepts(readIndex, sentAt: sentAt) {
                failure = "stale-read"
            }
        case (.failed(let kind), _):
            failure = kind
        }
        outcome.samples.append(Sample(slot: key.slot, micros: micros, failure: failure))
    }
}
