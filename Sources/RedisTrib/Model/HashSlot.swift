/// One of the 16384 hash slots a Redis Cluster divides its keys into: a number 0…16383.
///
/// A `HashSlot` is always valid; every way of making one from outside input checks the range.
public struct HashSlot: Sendable, Hashable, Comparable, RawRepresentable, CustomStringConvertible {
    /// How many hash slots a cluster has: 16384.
    public static let count = 16384
    /// The slot numbers, 0…16383.
    public static let validRange: ClosedRange<Int> = 0...(count - 1)
    /// Slot 0.
    public static let lowest = HashSlot(uncheckedValue: 0)
    /// Slot 16383.
    public static let highest = HashSlot(uncheckedValue: UInt16(count - 1))

    /// The slot number, 0…16383.
    public let rawValue: UInt16

    /// The slot with this number, or `nil` when it is above 16383.
    public init?(rawValue: UInt16) {
        guard Int(rawValue) < Self.count else { return nil }
        self.rawValue = rawValue
    }

    /// The slot with this number, or `nil` when it is outside 0…16383.
    public init?(exactly value: Int) {
        guard Self.validRange.contains(value) else { return nil }
        self.rawValue = UInt16(value)
    }

    /// The slot with this number.
    ///
    /// - Throws: ``ClusterModelError`` with code ``ClusterModelError/Code/slotOutOfRange`` when
    ///   `value` is outside 0…16383.
    public init(_ value: Int) throws(ClusterModelError) {
        guard let slot = HashSlot(exactly: value) else {
            throw .slotOutOfRange(input: String(value))
        }
        self = slot
    }

    /// Parses a slot number written in decimal ASCII digits, such as `5460`.
    ///
    /// - Throws: ``ClusterModelError`` naming `text`: ``ClusterModelError/Code/emptyInput`` for empty
    ///   text, ``ClusterModelError/Code/malformedSlot`` for anything but digits,
    ///   ``ClusterModelError/Code/slotOutOfRange`` for a number above 16383.
    public init(parsing text: String) throws(ClusterModelError) {
        guard !text.isEmpty else {
            throw ClusterModelError(
                .emptyInput, input: text,
                message: "'' is not a hash slot: expected a number from 0 to 16383")
        }
        guard let value = HashSlot.decimalValue(of: Substring(text)) else {
            throw ClusterModelError(
                .malformedSlot, input: text,
                message: "'\(text)' is not a hash slot: expected a number from 0 to 16383")
        }
        guard let slot = HashSlot(exactly: value) else {
            throw .slotOutOfRange(input: text)
        }
        self = slot
    }

    init(uncheckedValue: UInt16) {
        self.rawValue = uncheckedValue
    }

    /// The slot number as an `Int`.
    public var intValue: Int { Int(rawValue) }

    /// The slot number in decimal, as Redis prints it.
    public var description: String { String(rawValue) }

    public static func < (lhs: HashSlot, rhs: HashSlot) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The value of a non-empty run of ASCII digits, capped just above the slot range so that
    /// huge numbers read as out of range instead of overflowing; `nil` for anything else.
    static func decimalValue(of text: Substring) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = Swift.min(value * 10 + Int(byte - UInt8(ascii: "0")), HashSlot.count * 10)
        }
        return value
    }
}

extension ClusterModelError {
    static func slotOutOfRange(input: String) -> ClusterModelError {
        ClusterModelError(
            .slotOutOfRange, input: input,
            message: "'\(input)' is not a hash slot: slots are 0…16383")
    }
}
