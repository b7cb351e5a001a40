import TribCommands
import TribLanguage

extension Evaluator {
    /// The function `def` defined under `name`, if any.
    func function(named name: String) -> DefinedFunction? {
        session.withLock { $0.functions[name] }
    }

    /// `def`: keeps the function for the session (defining it again replaces it). A name of a
    /// builtin or a command is refused: the function could never be called.
    func define(_ function: FunctionDefinition) throws(RuntimeError) {
        let name = function.name
        if Builtin(named: name.name) != nil || CommandCatalog.command(named: name.name) != nil {
            throw fail(
                .nameTaken,
                "`\(name.name)` is the name of a \(Builtin(named: name.name) != nil ? "builtin" : "command"); choose another for the function",
                at: name.range)
        }
        let defined = DefinedFunction(definition: function, file: file)
        session.withLock { $0.functions[name.name] = defined }
    }

    /// Calls a function of the script: its arguments are evaluated here, then its body runs in a
    /// scope of its own (its parameters and what it declares; the top-level variables are in sight)
    /// and in its own file. Returns what `return` gave, `nil` when it gave nothing.
    func callFunction(_ function: DefinedFunction, called name: Identifier, _ arguments: [Expression], at range: SourceRange)
        async throws(RuntimeError) -> Value
    {
        let definition = function.definition
        guard arguments.count == definition.parameters.count else {
            let count = definition.parameters.count
            throw fail(
                .invalidArguments,
                "`\(name.name)` takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count): \(definition.usage)",
                at: arguments.count > count ? arguments[count].range : range,
                notes: [Diagnostic.Note("defined at \(function.file.name):\(definition.range.start)")])
        }
        var values: [Value] = []
        for argument in arguments {
            values.append(try await evaluate(argument))
        }
        return try await invoke(function, called: name.name, with: values, at: range)
    }

    /// Runs a function of the script with its arguments' values (as many as it has parameters).
    func invoke(_ function: DefinedFunction, called name: String, with values: [Value], at range: SourceRange) async throws(RuntimeError) -> Value {
        let definition = function.definition
        let scope = Dictionary(zip(definition.parameters.map(\.name), values), uniquingKeysWith: { _, last in last })
        guard calls.count < Interpreter.maximumCallDepth else {
            throw fail(
                .recursionTooDeep,
                "calls nest deeper than \(Interpreter.maximumCallDepth) (does `\(name)` call itself with no end?)", at: range)
        }
        calls.append(CallFrame(name: name, site: range, file: file))
        let (callerScopes, callerFile) = (scopes, file)
        scopes = [scope]
        file = function.file
        defer {
            scopes = callerScopes
            file = callerFile
            calls.removeLast()
        }
        if case .returnValue(let value) = try await execute(definition.body.statements) {
            return value
        }
        return .nilValue
    }
}
