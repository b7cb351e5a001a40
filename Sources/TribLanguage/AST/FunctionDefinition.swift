/// `def name(parameters…) { body }`: a function of the script, with its own scope.
public struct FunctionDefinition: Sendable, Hashable {
    /// What it is called.
    public var name: Identifier
    /// Its parameters, in order: variables of its scope, each given an argument.
    public var parameters: [Identifier]
    /// What it runs.
    public var body: Block
    /// From `def` to the closing `}`.
    public var range: SourceRange

    /// Makes a function definition.
    public init(name: Identifier, parameters: [Identifier], body: Block, at range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.range = range
    }

    /// How it is called: `drain(host, limit)`.
    public var usage: String {
        name.name + "(" + parameters.map(\.name).joined(separator: ", ") + ")"
    }
}
