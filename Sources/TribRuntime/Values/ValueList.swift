/// The elements of a list value, with the list's size (``ValueSize``) counted once, when the list
/// is made.
///
/// Every value that makes a bigger one is checked against the limits on a value's size; with the
/// size kept here, `[$big, $i]` costs two looks and `$l + [x]` one sum, not a walk through `$big`
/// or `$l`. Two lists are equal when their elements are.
public struct ValueList: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The elements, in order.
    public private(set) var elements: [Value]
    /// What the list holds, as the limits count it.
    private(set) var size: ValueSize

    /// A list of `elements`.
    public init(_ elements: [Value]) {
        self.init(elements, size: ValueSize(listOf: elements))
    }

    /// A list of `elements` whose size the caller has already worked out from its parts.
    init(_ elements: [Value], size: ValueSize) {
        self.elements = elements
        self.size = size
    }

    /// A list of the elements written: `[.integer(1), .string("a")]`.
    public init(arrayLiteral elements: Value...) {
        self.init(elements)
    }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }
    public subscript(position: Int) -> Value { elements[position] }

    /// The elements of `left` followed by those of `right`; the size is the sum of theirs.
    static func + (left: ValueList, right: ValueList) -> ValueList {
        ValueList(left.elements + right.elements, size: left.size.joined(with: right.size))
    }

    /// Adds the elements of `other` at the end, in place when this list's storage is not shared.
    mutating func append(contentsOf other: ValueList) {
        elements += other.elements
        size = size.joined(with: other.size)
    }

    public static func == (left: ValueList, right: ValueList) -> Bool {
        left.elements == right.elements
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(elements)
    }
}
