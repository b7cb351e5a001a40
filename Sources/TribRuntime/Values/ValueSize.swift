/// How much a list holds, counted as the limits on a value's size count it (``Value/maximumElements``,
/// ``Value/maximumTextBytes``, ``Value/maximumNesting``).
///
/// A list's size is worked out from its elements' sizes when the list is made, so checking a new
/// list against the limits costs one look at each of its parts, never a walk through all it holds.
struct ValueSize: Sendable, Hashable {
    /// The elements of the list and of every list in it, each counted once per place it appears.
    var elements: Int
    /// The UTF-8 bytes of the strings that are elements of the list or of any list in it.
    var textBytes: Int
    /// The levels of lists: 1 for a list with no list in it.
    var nesting: Int

    init(elements: Int, textBytes: Int, nesting: Int) {
        self.elements = elements
        self.textBytes = textBytes
        self.nesting = nesting
    }

    /// The size of a list of `items`, from one look at each item: a string's byte count and a
    /// list's own size are known without reading what they hold.
    init(listOf items: some Collection<Value>) {
        self.init(elements: items.count, textBytes: 0, nesting: 1)
        for item in items {
            switch item {
            case .string(let text):
                textBytes = Self.sum(textBytes, text.utf8.count)
            case .list(let list):
                add(inner: list.size)
            case .map(let map):
                add(inner: map.size)
            default:
                break
            }
        }
    }

    /// Counts a list or map held as an element: what it holds, one level deeper.
    private mutating func add(inner size: ValueSize) {
        elements = Self.sum(elements, size.elements)
        textBytes = Self.sum(textBytes, size.textBytes)
        nesting = max(nesting, Self.sum(size.nesting, 1))
    }

    /// The size of the list that holds the elements of a list of this size followed by those of
    /// a list of `other`'s size.
    func joined(with other: ValueSize) -> ValueSize {
        ValueSize(
            elements: Self.sum(elements, other.elements),
            textBytes: Self.sum(textBytes, other.textBytes),
            nesting: max(nesting, other.nesting)
        )
    }

    /// Whether a list of this size, nested `depth` levels deep (1 at the top) and met after
    /// `elementsBefore` elements and `textBytesBefore` bytes were counted, stays within the limits.
    func fits(atDepth depth: Int, elementsBefore: Int, textBytesBefore: Int) -> Bool {
        nesting <= Value.maximumNesting - (depth - 1)
            && elements <= Value.maximumElements - elementsBefore
            && textBytes <= Value.maximumTextBytes - textBytesBefore
    }

    /// Sizes are only compared with the limits, so a sum past `Int.max` (lists that are never
    /// checked, such as a server's reply, are counted too) stays at `Int.max` instead of trapping.
    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : total
    }
}
