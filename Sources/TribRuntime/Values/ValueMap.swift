/// The entries of a map value: string keys in the order first given, each with a value, and the
/// map's size (``ValueSize``) counted once, when the map is made (its keys count as text).
public struct ValueMap: Sendable, Hashable {
    /// The keys, in the order they were first given.
    public let keys: [String]
    /// The values, in the order of ``keys``.
    public let values: ValueList
    /// Where each key's value is in ``values``.
    private let positions: [String: Int]
    /// What the map holds, as the limits count it: its values, and its keys as text.
    let size: ValueSize

    /// A map of `entries`; a key given twice keeps its first place and its last value.
    public init(_ entries: some Sequence<(String, Value)>) {
        var keys: [String] = []
        var values: [Value] = []
        var positions: [String: Int] = [:]
        for (key, value) in entries {
            if let position = positions[key] {
                values[position] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
        self.keys = keys
        self.values = ValueList(values)
        self.positions = positions
        let keyBytes = keys.reduce(0) { total, key in
            let (sum, overflow) = total.addingReportingOverflow(key.utf8.count)
            return overflow ? .max : sum
        }
        self.size = self.values.size.joined(with: ValueSize(elements: 0, textBytes: keyBytes, nesting: 1))
    }

    /// The value of `key`, if the map has it.
    public subscript(key: String) -> Value? {
        positions[key].map { values[$0] }
    }

    /// How many entries it has.
    public var count: Int { keys.count }

    /// The entries, in order.
    public var entries: [(key: String, value: Value)] {
        zip(keys, values).map { (key: $0, value: $1) }
    }

    public static func == (left: ValueMap, right: ValueMap) -> Bool {
        left.keys == right.keys && left.values == right.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }
}
