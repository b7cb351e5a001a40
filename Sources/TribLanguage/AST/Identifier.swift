/// A name as written in the source: a declared variable, a loop variable, an attribute, a
/// command or a function.
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
    /// The name, without any `$` or `.`.
    public var name: String
    /// Where the name stands.
    public var range: SourceRange

    /// Makes an identifier.
    public init(_ name: String, at range: SourceRange) {
        self.name = name
        self.range = range
    }

    /// The name.
    public var description: String { name }
}
