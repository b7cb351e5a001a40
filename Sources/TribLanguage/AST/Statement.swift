/// One statement of a script, with the source it covers.
public struct Statement: Sendable, Hashable {
    /// What the statement is.
    public enum Kind: Sendable, Hashable {
        /// `let name = value`: declares a variable in the current block.
        case declaration(name: Identifier, value: Expression)
        /// `name = value`: assigns to a variable declared earlier.
        case assignment(name: Identifier, value: Expression)
        /// `for variable in sequence { body }`.
        case forLoop(variable: Identifier, sequence: Expression, body: Block)
        /// `if … { } else if … { } else { }`: the branches in order, then the `else` block.
        case conditional(branches: [ConditionalBranch], elseBody: Block?)
        /// `break`: leaves the innermost loop.
        case breakLoop
        /// `continue`: goes on with the next iteration of the innermost loop.
        case continueLoop
        /// `echo arguments…`: prints the arguments joined by spaces.
        case echo(arguments: [Expression])
        /// `source path`: runs another script file.
        case source(path: Expression)
        /// `name arguments…`, shell style: every redis-trib command.
        case command(name: Identifier, arguments: [Expression])
        /// A lone expression, such as `masters()` or `$src` in the REPL, whose value is shown.
        case expression(Expression)
    }

    /// What the statement is.
    public var kind: Kind
    /// The source the statement covers, without its terminator.
    public var range: SourceRange

    /// Makes a statement.
    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
