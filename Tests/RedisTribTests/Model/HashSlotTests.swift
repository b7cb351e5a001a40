import Testing

@testable import RedisTrib

@Suite("HashSlot")
struct HashSlotTests {
    @Test("there are 16384 slots, 0…16383")
    func bounds() {
        #expect(HashSlot.count == 16384)
        #expect(HashSlot.validRange == 0...16383)
        #expect(HashSlot.lowest.rawValue == 0)
        #expect(HashSlot.highest.rawValue == 16383)
    }

    @Test("raw values above 16383 are refused", arguments: [(UInt16(0), true), (16383, true), (16384, false), (UInt16.max, false)])
    func rawValues(rawValue: UInt16, isSlot: Bool) {
        #expect((HashSlot(rawValue: rawValue) != nil) == isSlot)
        #expect(HashSlot(rawValue: rawValue)?.rawValue == (isSlot ? rawValue : nil))
    }

    @Test(
        "Int values outside 0…16383 are refused, and the throwing init says why",
        arguments: [-1, 16384, Int.max, Int.min])
    func outOfRange(value: Int) throws {
        #expect(HashSlot(exactly: value) == nil)
        let error = try #require(throws: ClusterModelError.self) { try HashSlot(value) }
        #expect(error.code == .slotOutOfRange)
        #expect(error.input == String(value))
        #expect(error.description == "'\(value)' is not a hash slot: slots are 0…16383")
    }

    @Test("Int values in range make the slot", arguments: [0, 1, 5460, 16383])
    func inRange(value: Int) throws {
        #expect(try HashSlot(value).intValue == value)
        #expect(HashSlot(exactly: value)?.intValue == value)
    }

    @Test("parses decimal digits", arguments: [("0", 0), ("16383", 16383), ("5461", 5461), ("007", 7)])
    func parses(text: String, value: Int) throws {
        let slot = try HashSlot(parsing: text)
        #expect(slot.intValue == value)
        #expect(slot.description == String(value))
    }

    @Test(
        "rejects anything but a number 0…16383, naming the text",
        arguments: [
            ("", ClusterModelError.Code.emptyInput),
            ("16384", .slotOutOfRange),
            ("99999999999999999999999", .slotOutOfRange),
            ("-1", .malformedSlot),
            ("+1", .malformedSlot),
            (" 1", .malformedSlot),
            ("1 ", .malformedSlot),
            ("abc", .malformedSlot),
            ("1e3", .malformedSlot),
            ("0x1", .malformedSlot),
            ("１", .malformedSlot),
            ("٣", .malformedSlot),
            ("1-2", .malformedSlot),
        ])
    func rejects(text: String, code: ClusterModelError.Code) throws {
        let error = try #require(throws: ClusterModelError.self) { try HashSlot(parsing: text) }
        #expect(error.code == code)
        #expect(error.input == text)
        #expect(error.message.hasPrefix("'\(text)' is not a hash slot: "))
        #expect(error.lineNumber == nil)
    }

    @Test("orders by number")
    func ordering() throws {
        let slots = try [16383, 0, 100, 99].map { try HashSlot($0) }
        #expect(slots.sorted().map(\.intValue) == [0, 99, 100, 16383])
        #expect(try HashSlot(5) < HashSlot(6))
        #expect(HashSlot.lowest < HashSlot.highest)
    }

    @Test("error codes have distinct stable names")
    func errorCodes() {
        let names = ClusterModelError.Code.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(ClusterModelError.Code.slotOutOfRange.rawValue == "slot-out-of-range")
    }
}
