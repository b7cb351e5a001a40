/// A set of hash slots, stored as a 16384-bit bitmap so that membership, union, subtraction and
/// counting touch at most 256 words.
///
/// As text it is written the way Redis prints slots: single slots alone, runs as `first-last`,
/// separated by spaces — `0-5460 5461 10923-16383`. Iterating gives the slots in ascending order.
public struct SlotSet: Sendable, Hashable, SetAlgebra, Sequence, CustomStringConvertible {
    private static let bitsPerWord = UInt64.bitWidth
    private static let wordCount = HashSlot.count / bitsPerWord

    /// Bit `n % 64` of word `n / 64` is set when slot `n` is in the set. Always `wordCount` words.
    private var words: [UInt64]

    /// Every slot, 0…16383.
    public static let all = SlotSet(HashSlot.validRange)

    /// The words of the empty set, shared: an empty set costs no allocation until a slot is
    /// inserted (a big cluster's views have a replica, with no slots, per line).
    private static let emptyWords = [UInt64](repeating: 0, count: wordCount)

    /// The empty set.
    public init() {
        words = Self.emptyWords
    }

    /// The slots in `range` that are hash slots: numbers outside 0…16383 are left out, so
    /// `SlotSet(-5...3)` is `0-3`.
    public init(_ range: ClosedRange<Int>) {
        self.init()
        insert(range)
    }

    /// The given slots.
    public init(arrayLiteral slots: HashSlot...) {
        self.init(slots)
    }

    // MARK: Membership

    /// Whether `slot` is in the set.
    public func contains(_ slot: HashSlot) -> Bool {
        let (word, bit) = Self.position(of: slot)
        return words[word] & (1 << bit) != 0
    }

    /// Adds `slot`; `inserted` is `false` when it was already there.
    @discardableResult
    public mutating func insert(_ slot: HashSlot) -> (inserted: Bool, memberAfterInsert: HashSlot) {
        let (word, bit) = Self.position(of: slot)
        let mask: UInt64 = 1 << bit
        let wasPresent = words[word] & mask != 0
        words[word] |= mask
        return (!wasPresent, slot)
    }

    /// Adds every hash slot in `range`; numbers outside 0…16383 are ignored.
    public mutating func insert(_ range: ClosedRange<Int>) {
        let lower = Swift.max(range.lowerBound, HashSlot.validRange.lowerBound)
        let upper = Swift.min(range.upperBound, HashSlot.validRange.upperBound)
        guard lower <= upper else { return }
        let firstWord = lower / Self.bitsPerWord
        let lastWord = upper / Self.bitsPerWord
        for word in firstWord...lastWord {
            let low = word == firstWord ? lower % Self.bitsPerWord : 0
            let high = word == lastWord ? upper % Self.bitsPerWord : Self.bitsPerWord - 1
            // Ones from bit `low` through bit `high`, built without shifting by 64.
            let upToHigh: UInt64 = high == Self.bitsPerWord - 1 ? .max : (1 << (high + 1)) - 1
            let fromLow: UInt64 = ~((1 << low) - 1)
            words[word] |= upToHigh & fromLow
        }
    }

    /// Removes `slot`, returning it if it was there.
    @discardableResult
    public mutating func remove(_ slot: HashSlot) -> HashSlot? {
        let (word, bit) = Self.position(of: slot)
        let mask: UInt64 = 1 << bit
        guard words[word] & mask != 0 else { return nil }
        words[word] &= ~mask
        return slot
    }

    /// Adds `slot`, returning it if it was already there.
    @discardableResult
    public mutating func update(with slot: HashSlot) -> HashSlot? {
        insert(slot).inserted ? nil : slot
    }

    // MARK: Set operations

    /// The slots in either set.
    public func union(_ other: SlotSet) -> SlotSet {
        combined(with: other) { $0 | $1 }
    }

    /// The slots in both sets.
    public func intersection(_ other: SlotSet) -> SlotSet {
        combined(with: other) { $0 & $1 }
    }

    /// The slots in exactly one of the sets.
    public func symmetricDifference(_ other: SlotSet) -> SlotSet {
        combined(with: other) { $0 ^ $1 }
    }

    /// The slots of this set that are not in `other`.
    public func subtracting(_ other: SlotSet) -> SlotSet {
        combined(with: other) { $0 & ~$1 }
    }

    /// Adds the slots of `other`.
    public mutating func formUnion(_ other: SlotSet) {
        self = union(other)
    }

    /// Keeps only the slots also in `other`.
    public mutating func formIntersection(_ other: SlotSet) {
        self = intersection(other)
    }

    /// Keeps the slots in exactly one of the sets.
    public mutating func formSymmetricDifference(_ other: SlotSet) {
        self = symmetricDifference(other)
    }

    /// Removes the slots of `other`.
    public mutating func subtract(_ other: SlotSet) {
        self = subtracting(other)
    }

    /// Whether every slot of this set is in `other`.
    public func isSubset(of other: SlotSet) -> Bool {
        zip(words, other.words).allSatisfy { $0 & ~$1 == 0 }
    }

    /// Whether the sets have no slot in common.
    public func isDisjoint(with other: SlotSet) -> Bool {
        zip(words, other.words).allSatisfy { $0 & $1 == 0 }
    }

    // MARK: Size and extremes

    /// Whether the set has no slots.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// How many slots the set has.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Whether the set has all 16384 slots.
    public var isFull: Bool { words.allSatisfy { $0 == .max } }

    /// The lowest slot, or `nil` for the empty set.
    public var first: HashSlot? { min() }

    /// The lowest slot, or `nil` for the empty set.
    public func min() -> HashSlot? {
        guard let index = words.firstIndex(where: { $0 != 0 }) else { return nil }
        return Self.slot(word: index, bit: words[index].trailingZeroBitCount)
    }

    /// The highest slot, or `nil` for the empty set.
    public func max() -> HashSlot? {
        guard let index = words.lastIndex(where: { $0 != 0 }) else { return nil }
        return Self.slot(word: index, bit: Self.bitsPerWord - 1 - words[index].leadingZeroBitCount)
    }

    // MARK: Ranges and text

    /// The slots as maximal runs in ascending order: `0-5460 5462` gives `[0...5460, 5462...5462]`.
    public var ranges: [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        var runStart: Int?
        for (index, word) in words.enumerated() {
            let base = index * Self.bitsPerWord
            // Whole words of zeros or ones end or extend a run without looking at bits.
            if word == 0 || word == .max {
                if word == 0, let start = runStart {
                    ranges.append(start...(base - 1))
                    runStart = nil
                } else if word == .max, runStart == nil {
                    runStart = base
                }
                continue
            }
            var bit = 0
            while bit < Self.bitsPerWord {
                if let start = runStart {
                    let clearBitsAhead = ~word >> bit
                    guard clearBitsAhead != 0 else { break }
                    bit += clearBitsAhead.trailingZeroBitCount
                    ranges.append(start...(base + bit - 1))
                    runStart = nil
                } else {
                    let setBitsAhead = word >> bit
                    guard setBitsAhead != 0 else { break }
                    bit += setBitsAhead.trailingZeroBitCount
                    runStart = base + bit
                }
            }
        }
        if let start = runStart {
            ranges.append(start...HashSlot.validRange.upperBound)
        }
        return ranges
    }

    /// The slots as Redis prints them: `0-5460 5461 10923-16383`; empty for the empty set.
    public var description: String {
        ranges.map { range in
            range.count == 1 ? String(range.lowerBound) : "\(range.lowerBound)-\(range.upperBound)"
        }.joined(separator: " ")
    }

    /// Parses slots and slot ranges separated by whitespace or commas, such as `0 2 4-7` or `0-5460,5461`.
    ///
    /// - Throws: ``ClusterModelError`` naming the first bad token and what was expected:
    ///   ``ClusterModelError/Code/emptyInput`` when there is no token at all,
    ///   ``ClusterModelError/Code/slotOutOfRange`` for a number above 16383,
    ///   ``ClusterModelError/Code/reversedSlotRange`` for `7-4`,
    ///   ``ClusterModelError/Code/malformedSlot`` for anything else (`a-b`, `-3`, `1-`, `4--7`).
    public init(parsing text: String) throws(ClusterModelError) {
        let tokens = text.split { $0.isWhitespace || $0 == "," }
        guard !tokens.isEmpty else {
            throw ClusterModelError(
                .emptyInput, input: text,
                message: "no slots given: expected slots or slot ranges such as '0 2 4-7'")
        }
        self.init()
        for token in tokens {
            insert(try Self.parseRange(token))
        }
    }

    /// Parses one slot (`5`) or slot range (`0-5460`) per token.
    ///
    /// - Throws: ``ClusterModelError`` naming the first bad token, as the text initializer
    ///   does; an empty token or an empty list is ``ClusterModelError/Code/emptyInput``.
    public init(parsing tokens: [String]) throws(ClusterModelError) {
        guard !tokens.isEmpty else {
            throw ClusterModelError(
                .emptyInput, input: "",
                message: "no slots given: expected slots or slot ranges such as '0 2 4-7'")
        }
        self.init()
        for token in tokens {
            insert(try Self.parseRange(Substring(token)))
        }
    }

    /// Reads `N` or `N-M` into the range it names.
    static func parseRange(_ token: Substring) throws(ClusterModelError) -> ClosedRange<Int> {
        let input = String(token)
        let expected = "expected a slot such as 5 or a slot range such as 0-5460"
        guard !token.isEmpty else {
            throw ClusterModelError(.emptyInput, input: input, message: "'' is not a slot: \(expected)")
        }
        let parts = token.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts.map(HashSlot.decimalValue(of:))
        switch (parts.count, numbers.first ?? nil, numbers.last ?? nil) {
        case (1, let slot?, _):
            guard HashSlot.validRange.contains(slot) else { throw .slotOutOfRange(input: input) }
            return slot...slot
        case (2, let lower?, let upper?):
            for (number, text) in zip([lower, upper], parts) where !HashSlot.validRange.contains(number) {
                throw ClusterModelError(
                    .slotOutOfRange, input: input,
                    message: "'\(input)' is not a slot range: \(text) is not a hash slot; slots are 0…16383")
            }
            guard lower <= upper else {
                throw ClusterModelError(
                    .reversedSlotRange, input: input,
                    message: "'\(input)' is not a slot range: it starts after it ends; write \(upper)-\(lower)")
            }
            return lower...upper
        default:
            throw ClusterModelError(
                .malformedSlot, input: input, message: "'\(input)' is not a slot or slot range: \(expected)")
        }
    }

    // MARK: Iteration

    /// Walks the slots in ascending order.
    public struct Iterator: IteratorProtocol {
        private let words: [UInt64]
        private var index = 0
        private var remaining: UInt64

        fileprivate init(words: [UInt64]) {
            self.words = words
            self.remaining = words.first ?? 0
        }

        /// The next slot, or `nil` after the last.
        public mutating func next() -> HashSlot? {
            while remaining == 0 {
                index += 1
                guard index < words.count else { return nil }
                remaining = words[index]
            }
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return SlotSet.slot(word: index, bit: bit)
        }
    }

    /// An iterator over the slots in ascending order.
    public func makeIterator() -> Iterator {
        Iterator(words: words)
    }

    /// The number of slots, so that `Array(set)` allocates once.
    public var underestimatedCount: Int { count }

    // MARK: Private

    private static func position(of slot: HashSlot) -> (word: Int, bit: Int) {
        (slot.intValue / bitsPerWord, slot.intValue % bitsPerWord)
    }

    private static func slot(word: Int, bit: Int) -> HashSlot {
        HashSlot(uncheckedValue: UInt16(word * bitsPerWord + bit))
    }

    private func combined(with other: SlotSet, _ operation: (UInt64, UInt64) -> UInt64) -> SlotSet {
        var result = self
        for index in result.words.indices {
            result.words[index] = operation(words[index], other.words[index])
        }
        return result
    }
}
