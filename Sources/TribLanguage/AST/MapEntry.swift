/// One `key: value` of a map literal; the key is a string (`node:` is the string `"node"`).
public struct MapEntry: Sendable, Hashable {
    /// The key: a literal name, or any string expression.
    public var key: Expression
    /// The value.
    public var value: Expression

    /// Makes an entry.
    public init(key: Expression, value: Expression) {
        self.key = key
        self.value = value
    }
}
