import Testing
import TribLanguage

@testable import TribRuntime

/// A list keeps its size, made from its parts' sizes, so checking a new value against the limits
/// never walks through what its parts hold.
@Suite struct ValueSizeTests {
    @Test("appending to a 100,000-element list or wrapping it reads its kept size, not its elements")
    func sizeFromParts() throws {
        // Figures no count of the 100,000 integers could give: a size that comes out of them was
        // read from the kept field, in one step, not counted from the elements.
        let planted = ValueSize(elements: 900_000, textBytes: 5, nesting: 3)
        let big = ValueList((0..<100_000).map(Value.integer), size: planted)

        // `$big + ["xy"]`
        let appended = try Value.arithmetic(.add, .list(big), .list([.string("xy")])).get()
        guard case .list(let joined) = appended else {
            Issue.record("`+` of two lists made \(appended.kindName)")
            return
        }
        #expect(joined.count == 100_001)
        #expect(joined.size == ValueSize(elements: 900_001, textBytes: 7, nesting: 3))

        // `[$big, $i]`
        let wrapped = ValueList([.list(big), .integer(1)])
        #expect(wrapped.size == ValueSize(elements: 900_002, textBytes: 5, nesting: 4))
    }

    @Test(
        "a list's size counts every list's elements, the strings' bytes and the levels",
        arguments: [
            (ValueList([]), ValueSize(elements: 0, textBytes: 0, nesting: 1)),
            (ValueList([.string("ab"), .integer(1), .nilValue]), ValueSize(elements: 3, textBytes: 2, nesting: 1)),
            (
                ValueList([.list([.string("ab"), .list([.integer(1), .string("c")])]), .string("dé")]),
                ValueSize(elements: 6, textBytes: 6, nesting: 3)
            ),
            (ValueList([.list([.string("x")]), .list([.string("x")])]), ValueSize(elements: 4, textBytes: 2, nesting: 2)),
        ]
    )
    func counts(list: ValueList, expected: ValueSize) {
        #expect(list.size == expected)
        #expect(
            (list + [.list([.string("four")])]).size
                == ValueSize(
                    elements: expected.elements + 2,
                    textBytes: expected.textBytes + 4,
                    nesting: max(expected.nesting, 2)
                ))
    }
}
