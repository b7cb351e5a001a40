/// One statement of a script, with the source it covers.
public struct Statement: Sendable, Hashable {
    /// What the statement is.
    public enum Kind: Sendable, Hashable {
        /// `let name = value`: declares a variable in the current block.
        case declaration(name: Identifier, value: Expression)
        /// `name = value`: assigns to a variable declared earlier.
        case assignment(name: Identifier, value: Expression)
        /// `for variable in sequence { body }`; `for key, value in …` names a second variable: a map's
        /// keys and values, a list's indexes and elements.
        case forLoop(variable: Identifier, second: Identifier?, sequence: Expression, body: Block)
        /// `while condition { body }`.
        case whileLoop(condition: Expression, body: Block)
        /// `def name(parameters…) { body }`: defines a function.
        case functionDefinition(FunctionDefinition)
        /// `return` or `return value`: leaves the function being run.
        case returnValue(Expression?)
        /// `exit` or `exit status`: ends the script with that exit status (0 when none is given).
        case exit(status: Expression?)
        /// `sleep seconds`: waits, an integer or a decimal number of seconds.
        case sleep(seconds: Expression)
        /// `assert condition "message"`: stops the script with the message unless the condition is true.
        case assertion(condition: Expression, message: Expression?)
        /// `try { body } catch name { handler }`: a failing statement of the body runs the handler
        /// instead of stopping the script, with the error in `name`.
        case tryCatch(body: Block, errorName: Identifier?, handler: Block)
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
