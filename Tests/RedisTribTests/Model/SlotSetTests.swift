import Testing
import TribTestSupport

@testable import RedisTrib

@Suite("SlotSet")
struct SlotSetTests {
    // MARK: Size and extremes

    @Test("the empty set")
    func empty() {
        let set = SlotSet()
        #expect(set.isEmpty && !set.isFull)
        #expect(set.count == 0)
        #expect(set.first == nil && set.min() == nil && set.max() == nil)
        #expect(set.ranges.isEmpty)
        #expect(set.description == "")
        #expect(Array(set).isEmpty)
    }

    @Test("all slots")
    func all() {
        let set = SlotSet.all
        #expect(set.isFull && !set.isEmpty)
        #expect(set.count == 16384)
        #expect(set.min() == HashSlot.lowest && set.max() == HashSlot.highest)
        #expect(set.ranges == [0...16383])
        #expect(set.description == "0-16383")
        #expect(Array(set).map(\.intValue) == Array(0...16383))
    }

    @Test("the edges 0 and 16383")
    func edges() throws {
        var set = SlotSet()
        #expect(set.insert(HashSlot.highest).inserted)
        #expect(set.insert(HashSlot.lowest).inserted)
        #expect(!set.insert(HashSlot.lowest).inserted)
        #expect(set.description == "0 16383")
        #expect(set.ranges == [0...0, 16383...16383])
        #expect(set.count == 2)
        #expect(set.first == HashSlot.lowest && set.max() == HashSlot.highest)
        #expect(set.contains(HashSlot.lowest) && set.contains(HashSlot.highest))
        #expect(try !set.contains(HashSlot(1)) && !set.contains(HashSlot(16382)))
        #expect(set.remove(HashSlot.highest) == HashSlot.highest)
        #expect(set.remove(HashSlot.highest) == nil)
        #expect(set.description == "0")
        #expect(set.update(with: HashSlot.lowest) == HashSlot.lowest)
        #expect(set.update(with: HashSlot.highest) == nil)
    }

    @Test(
        "a range keeps only the hash slots in it",
        arguments: [
            (-5...3, "0-3"),
            (16380...20000, "16380-16383"),
            (20000...30000, ""),
            (-10 ... -1, ""),
            (Int.min...Int.max, "0-16383"),
            (63...64, "63-64"),
            (64...64, "64"),
            (0...63, "0-63"),
            (1...126, "1-126"),
            (16320...16383, "16320-16383"),
        ])
    func rangeInit(range: ClosedRange<Int>, description: String) {
        let set = SlotSet(range)
        #expect(set.description == description)
        let expectedCount = range.overlaps(HashSlot.validRange) ? range.clamped(to: HashSlot.validRange).count : 0
        #expect(set.count == expectedCount)
    }

    // MARK: Text

    @Test(
        "canonical text round-trips",
        arguments: [
            "0", "16383", "0 16383", "0-5460", "0-5460 5462 10923-16383", "1 3 5 7", "63-64", "0-16383",
            "0-62 64-127 129", "5461-10922",
        ])
    func roundTrip(text: String) throws {
        let set = try SlotSet(parsing: text)
        #expect(set.description == text)
        #expect(try SlotSet(parsing: set.description) == set)
        #expect(try SlotSet(parsing: text.split(separator: " ").map(String.init)) == set)
    }

    @Test(
        "other spellings print canonically",
        arguments: [
            ("0-5460 5461 10923-16383", "0-5461 10923-16383"),
            ("4-7,0, 2", "0 2 4-7"),
            ("  0\t2\n4-7 ", "0 2 4-7"),
            ("5 5 5", "5"),
            ("3-3", "3"),
            ("0-10 5-15", "0-15"),
            ("16383 0", "0 16383"),
            ("1,,2", "1-2"),
            ("0007", "7"),
        ])
    func canonicalises(text: String, description: String) throws {
        #expect(try SlotSet(parsing: text).description == description)
    }

    @Test(
        "bad tokens are rejected with an error naming the token and what was expected",
        arguments: [
            ("16384", ClusterModelError.Code.slotOutOfRange, "16384"),
            ("0 16384", .slotOutOfRange, "16384"),
            ("99999999999999999999", .slotOutOfRange, "99999999999999999999"),
            ("5-16384", .slotOutOfRange, "5-16384"),
            ("16384-16390", .slotOutOfRange, "16384-16390"),
            ("7-4", .reversedSlotRange, "7-4"),
            ("0-5 16383-0", .reversedSlotRange, "16383-0"),
            ("", .emptyInput, ""),
            (" ,\t\n", .emptyInput, " ,\t\n"),
            ("a-b", .malformedSlot, "a-b"),
            ("-3", .malformedSlot, "-3"),
            ("1-", .malformedSlot, "1-"),
            ("4--7", .malformedSlot, "4--7"),
            ("-", .malformedSlot, "-"),
            ("1-2-3", .malformedSlot, "1-2-3"),
            ("0 2 x", .malformedSlot, "x"),
            ("+5", .malformedSlot, "+5"),
            ("5.0", .malformedSlot, "5.0"),
            ("0x10", .malformedSlot, "0x10"),
            ("٣", .malformedSlot, "٣"),
            ("[5->-abc]", .malformedSlot, "[5->-abc]"),
            ("0–5", .malformedSlot, "0–5"),
        ])
    func rejects(text: String, code: ClusterModelError.Code, token: String) throws {
        let error = try #require(throws: ClusterModelError.self) { try SlotSet(parsing: text) }
        #expect(error.code == code)
        #expect(error.input == (code == .emptyInput ? text : token))
        if code == .emptyInput {
            #expect(error.description == "no slots given: expected slots or slot ranges such as '0 2 4-7'")
        } else {
            #expect(error.description.hasPrefix("'\(token)' is not a "))
        }
    }

    @Test("error sentences say what was expected")
    func errorSentences() throws {
        func message(_ text: String) throws -> String {
            try #require(throws: ClusterModelError.self) { try SlotSet(parsing: text) }.description
        }
        #expect(try message("16384") == "'16384' is not a hash slot: slots are 0…16383")
        #expect(try message("7-4") == "'7-4' is not a slot range: it starts after it ends; write 4-7")
        #expect(try message("5-16384") == "'5-16384' is not a slot range: 16384 is not a hash slot; slots are 0…16383")
        #expect(try message("a-b") == "'a-b' is not a slot or slot range: expected a slot such as 5 or a slot range such as 0-5460")
    }

    @Test("token lists: each token is one slot or range; an empty token or list is rejected")
    func tokens() throws {
        #expect(try SlotSet(parsing: ["0", "2", "4-7"]).description == "0 2 4-7")
        let emptyList = try #require(throws: ClusterModelError.self) { try SlotSet(parsing: [String]()) }
        #expect(emptyList.code == .emptyInput)
        let emptyToken = try #require(throws: ClusterModelError.self) { try SlotSet(parsing: ["0", ""]) }
        #expect(emptyToken.code == .emptyInput && emptyToken.input == "")
        #expect(emptyToken.description.hasPrefix("'' is not a slot: "))
        let spaced = try #require(throws: ClusterModelError.self) { try SlotSet(parsing: ["0 2"]) }
        #expect(spaced.code == .malformedSlot && spaced.input == "0 2")
    }

    // MARK: Set algebra against Set<HashSlot>

    @Test("operations agree with Set<HashSlot> on random sets", arguments: 0..<20)
    func agreesWithSet(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let (left, leftSlots) = randomSet(using: &random)
        let (right, rightSlots) = randomSet(using: &random)

        #expect(Set(left.union(right)) == leftSlots.union(rightSlots))
        #expect(Set(left.intersection(right)) == leftSlots.intersection(rightSlots))
        #expect(Set(left.subtracting(right)) == leftSlots.subtracting(rightSlots))
        #expect(Set(left.symmetricDifference(right)) == leftSlots.symmetricDifference(rightSlots))
        #expect(left.isSubset(of: right) == leftSlots.isSubset(of: rightSlots))
        #expect(left.intersection(right).isSubset(of: right))
        #expect(left.isDisjoint(with: right) == leftSlots.isDisjoint(with: rightSlots))
        #expect(left.subtracting(right).isDisjoint(with: right))
        #expect(left.count == leftSlots.count)
        #expect(left.min() == leftSlots.min() && left.max() == leftSlots.max())
        #expect(Array(left) == leftSlots.sorted())

        var mutated = left
        mutated.formUnion(right)
        mutated.subtract(left)
        #expect(Set(mutated) == rightSlots.subtracting(leftSlots))
        mutated.formIntersection(left)
        #expect(mutated.isEmpty)
        mutated.formSymmetricDifference(right)
        #expect(mutated == right)
    }

    @Test("ranges are the maximal runs, and parse back to the same set", arguments: 0..<20)
    func rangesAreMaximalRuns(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1000)
        let (set, slots) = randomSet(using: &random)
        let ranges = set.ranges
        #expect(ranges.reduce(0) { $0 + $1.count } == slots.count)
        #expect(ranges.flatMap { Array($0) } == slots.sorted().map(\.intValue))
        for (earlier, later) in zip(ranges, ranges.dropFirst()) {
            #expect(earlier.upperBound + 1 < later.lowerBound)
        }
        if !set.isEmpty {
            #expect(try SlotSet(parsing: set.description) == set)
        }
    }

    @Test("equal sets built differently are equal and hash alike")
    func hashable() throws {
        var built = SlotSet()
        for slot in stride(from: 16383, through: 0, by: -1) where slot % 3 == 0 {
            built.insert(try HashSlot(slot))
        }
        let literal: SlotSet = [HashSlot.lowest, HashSlot.highest]
        var fromRanges = SlotSet(0...16383)
        fromRanges.subtract(SlotSet(1...16382))
        #expect(literal == fromRanges)
        #expect(literal.hashValue == fromRanges.hashValue)
        #expect(Set([literal, fromRanges]).count == 1)
        #expect(built.count == 5462)
        #expect(built != SlotSet.all)
    }

    @Test("insert(range) fills whole words and partial ones")
    func insertRanges() {
        var set = SlotSet()
        set.insert(60...200)
        set.insert(16380...16383)
        #expect(set.description == "60-200 16380-16383")
        #expect(set.count == 141 + 4)
    }

    /// A set mixing runs and scattered slots, so word boundaries and whole words both occur.
    private func randomSet(using random: inout SplitMix64) -> (SlotSet, Set<HashSlot>) {
        var set = SlotSet()
        var slots: Set<HashSlot> = []
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let start = Int.random(in: 0...16383, using: &random)
            let length = [1, 2, 63, 64, 65, 200, 3000].randomElement(using: &random) ?? 1
            let range = start...Swift.min(start + length - 1, 16383)
            set.insert(range)
            for slot in range { slots.insert(HashSlot(uncheckedValue: UInt16(slot))) }
        }
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let slot = HashSlot(uncheckedValue: UInt16.random(in: 0...16383, using: &random))
            set.insert(slot)
            slots.insert(slot)
        }
        return (set, slots)
    }
}
