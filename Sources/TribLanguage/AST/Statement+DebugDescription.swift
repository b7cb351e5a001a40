extension Statement: CustomDebugStringConvertible {
    /// The statement as a compact S-expression: `(let src 127.0.0.1:7000)`, `(set x 1)`,
    /// `(for n (call masters) (block …))`, `(if c (block …) elif c (block …) else (block …))`,
    /// `(break)`, `(continue)`, `(echo …)`, `(source …)`, `(command name args…)`, `(expr e)`,
    /// `(while c (block …))`, `(def f (a b) (block …))`, `(return e)`, `(exit e)`, `(sleep e)`,
    /// `(assert c m)`, `(try (block …) catch e (block …))`.
    public var debugDescription: String {
        switch kind {
        case .declaration(let name, let value): Expression.form("let", [name.name, value.debugDescription])
        case .assignment(let name, let value): Expression.form("set", [name.name, value.debugDescription])
        case .forLoop(let variable, let second, let sequence, let body):
            Expression.form("for", [variable.name] + (second.map { [$0.name] } ?? []) + [sequence.debugDescription, body.debugDescription])
        case .whileLoop(let condition, let body):
            Expression.form("while", [condition.debugDescription, body.debugDescription])
        case .functionDefinition(let function):
            Expression.form("def", [function.name.name, "(" + function.parameters.map(\.name).joined(separator: " ") + ")", function.body.debugDescription])
        case .returnValue(let value): Expression.form("return", value.map { [$0.debugDescription] } ?? [])
        case .exit(let status): Expression.form("exit", status.map { [$0.debugDescription] } ?? [])
        case .sleep(let seconds): Expression.form("sleep", [seconds.debugDescription])
        case .assertion(let condition, let message):
            Expression.form("assert", [condition.debugDescription] + (message.map { [$0.debugDescription] } ?? []))
        case .tryCatch(let body, let errorName, let handler):
            Expression.form("try", [body.debugDescription, "catch"] + (errorName.map { [$0.name] } ?? []) + [handler.debugDescription])
        case .conditional(let branches, let elseBody):
            Expression.form(
                "if",
                branches.enumerated().flatMap { position, branch in
                    (position == 0 ? [] : ["elif"]) + [branch.condition.debugDescription, branch.body.debugDescription]
                } + (elseBody.map { ["else", $0.debugDescription] } ?? [])
            )
        case .breakLoop: "(break)"
        case .continueLoop: "(continue)"
        case .echo(let arguments): Expression.form("echo", arguments.map(\.debugDescription))
        case .source(let path): Expression.form("source", [path.debugDescription])
        case .command(let name, let arguments):
            Expression.form("command", [name.name] + arguments.map(\.debugDescription))
        case .expression(let expression): Expression.form("expr", [expression.debugDescription])
        }
    }
}
