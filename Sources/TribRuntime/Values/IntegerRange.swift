import RedisTrib

/// An inclusive range of integers, `lower-upper`, never empty.
///
/// Kept as two bounds rather than a `ClosedRange` so that no arithmetic on a huge range (its
/// count, its iteration) can trap.
public struct IntegerRange: Sendable, Hashable, CustomStringConvertible {
    /// The first integer.
    public let lower: Int
    /// The last integer, at least ``lower``.
    public let upper: Int

    /// The range from `lower` to `upper`, or `nil` when `lower` is above `upper`.
    public init?(lower: Int, upper: Int) {
        guard lower <= upper else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// How many integers it holds, or `nil` when that is beyond `Int`.
    public var count: Int? {
        let (difference, overflow) = upper.subtractingReportingOverflow(lower)
        guard !overflow, difference < Int.max else { return nil }
        return difference + 1
    }

    /// Whether `value` is in the range.
    public func contains(_ value: Int) -> Bool {
        lower <= value && value <= upper
    }

    /// The hash slots it names, or `nil` when a bound is outside 0…16383.
    public var slots: SlotSet? {
        guard HashSlot.validRange.contains(lower), HashSlot.validRange.contains(upper) else { return nil }
        return SlotSet(lower...upper)
    }

    /// `lower-upper`, or the single number when they are equal.
    public var description: String {
        lower == upper ? String(lower) : "\(lower)-\(upper)"
    }
}
