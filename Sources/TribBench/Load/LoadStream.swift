import NIOCore
import RESP

/// One stream of the load client: `SET` then `GET` on each of its keys in turn, at a fixed rate,
/// each request's latency counted from the moment it was due (a request that could not be sent on
/// time because an earlier one stalled counts the stall: no coordinated omission).
struct LoadStream {
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

    var id: Int
    var keys: [LoadKeys.Key]
    /// Requests per second.
    var rate: Double
    var router: LoadRouter

    /// Runs until the task is cancelled.
    mutating func run() async -> Outcome {
        var outcome = Outcome()
        outcome.samples.reserveCapacity(Int(rate) * 60)
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        let start = ContinuousClock.now
        var index = 0
        while !Task.isCancelled {
            let due = start + interval * index
            if ContinuousClock.now < due {
                try? await Task.sleep(until: due, clock: .continuous)
                if Task.isCancelled { break }
            }
            let key = keys[index % keys.count]
            let write = (index / keys.count) % 2 == 0
            let value = "\(id)-\(index)"
            let command =
                write
                ? RedisCommand(arguments: [ByteBuffer(string: "SET"), ByteBuffer(string: key.name), ByteBuffer(string: value)])
                : RedisCommand(arguments: [ByteBuffer(string: "GET"), ByteBuffer(string: key.name)])
            let reply = await router.send(command, slot: key.slot)
            let micros = UInt64(max(0, (ContinuousClock.now - due).seconds * 1e6))
            var failure: String?
            switch (reply, write) {
            case (.value, true):
                outcome.ledgers[key.name, default: LoadKeyLedger()].acknowledge(value)
            case (.failed(let kind), true):
                outcome.ledgers[key.name, default: LoadKeyLedger()].unconfirmed(value)
                failure = kind
            case (.value(let read), false):
                let text: String? = if case .null = read { nil } else { read.string }
                if !outcome.ledgers[key.name, default: LoadKeyLedger()].observe(text) {
                    failure = "stale-read"
                }
            case (.failed(let kind), false):
                failure = kind
            }
            outcome.samples.append(Sample(slot: key.slot, micros: micros, failure: failure))
            index += 1
        }
        outcome.redirects = router.redirects
        await router.close()
        return outcome
    }
}
