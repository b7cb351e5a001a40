/// What the load client knows of one key: every write it sent (by request index; the value written
/// is `stream-index`), when it was sent and when, if ever, the cluster acknowledged it.
///
/// Requests overlap (each is sent when due) and a redirected one is sent again, so two writes of a
/// key may reach the cluster in either order when neither was acknowledged before the other was
/// sent. A read is wrong only when it returns a write that real time has superseded: one that was
/// acknowledged before another acknowledged write was sent, where that other write was itself
/// acknowledged before the read was sent.
struct LoadKeyLedger: Sendable, Equatable {
    /// One `SET`: when it was first sent, and when it was acknowledged (`nil`: not, or not yet; an
    /// error or a timeout may still have landed).
    struct Write: Sendable, Equatable {
        var sent: ContinuousClock.Instant
        var acknowledged: ContinuousClock.Instant?
    }

    /// The writes, by request index.
    var writes: [Int: Write] = [:]

    /// A `SET` of request `index` is sent at `instant`.
    mutating func send(_ index: Int, at instant: ContinuousClock.Instant) {
        writes[index] = Write(sent: instant)
    }

    /// The cluster answered `OK` to the `SET` of request `index` at `instant`.
    mutating func acknowledge(_ index: Int, at instant: ContinuousClock.Instant) {
        writes[index]?.acknowledged = instant
    }

    /// Whether a read sent at `start` may return the write of request `read` (`nil`: no such key).
    func accepts(_ read: Int?, sentAt start: ContinuousClock.Instant) -> Bool {
        let settled = writes.values.filter { ($0.acknowledged ?? start) < start }
        guard let read else { return settled.isEmpty }
        guard let value = writes[read] else { return false }
        // An unacknowledged write may land at any time: nothing supersedes it for sure.
        guard let done = value.acknowledged else { return true }
        return !settled.contains { $0.sent > done }
    }

    /// The value a `SET` of request `index` of stream `stream` writes.
    static func value(stream: Int, index: Int) -> String {
        "\(stream)-\(index)"
    }

    /// The request index of a value read back; `nil` for a value this client did not write.
    static func index(of value: String) -> Int? {
        value.split(separator: "-").last.flatMap { Int($0) }
    }
}
