/// What the load client knows of one key: the writes it sent (by request index; the value written
/// is `stream-index`) and the highest one the cluster acknowledged. Requests overlap (each is sent
/// when due), so a read may see any write sent, if it is no older than the last write acknowledged
/// before the read was sent.
struct LoadKeyLedger: Sendable, Equatable {
    /// Indices of every `SET` sent, acknowledged or not (an error or a timeout may still have landed).
    var sent: Set<Int> = []
    /// The highest index the cluster answered `OK` to; `nil` before the first.
    var acknowledged: Int?

    /// A `SET` of request `index` is being sent.
    mutating func send(_ index: Int) {
        sent.insert(index)
    }

    /// The cluster answered `OK` to the `SET` of request `index`.
    mutating func acknowledge(_ index: Int) {
        acknowledged = max(acknowledged ?? index, index)
    }

    /// Whether a read that was sent when `floor` was the highest acknowledged index may return the
    /// write of request `read` (`nil`: no such key).
    func accepts(_ read: Int?, floor: Int?) -> Bool {
        guard let read else { return floor == nil }
        return sent.contains(read) && read >= (floor ?? Int.min)
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
