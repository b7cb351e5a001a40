/// What the load client knows of one key's value: the last write the cluster acknowledged, and
/// the writes sent after it whose outcome is unknown (an error or a timeout: they may have landed).
struct LoadKeyLedger: Sendable, Equatable {
    /// The value of the last acknowledged `SET`; `nil` before the first.
    var acknowledged: String?
    /// Values of later writes that failed without saying whether they were applied.
    var uncertain: [String] = []

    /// The cluster answered `OK` to a `SET` of `value`.
    mutating func acknowledge(_ value: String) {
        acknowledged = value
        uncertain = []
    }

    /// A `SET` of `value` failed: it may or may not have been applied.
    mutating func unconfirmed(_ value: String) {
        uncertain.append(value)
    }

    /// Whether `value` (`nil`: no such key) is one the key may hold: the acknowledged value or a
    /// later uncertain one. A read of an uncertain value confirms that write.
    mutating func observe(_ value: String?) -> Bool {
        guard let value else { return acknowledged == nil }
        if value == acknowledged { return true }
        guard uncertain.contains(value) else { return false }
        acknowledge(value)
        return true
    }
}
