import RESP
import RedisTrib
import TribCommands
import TribLanguage

extension Evaluator {
    /// A command statement: `connect`, a redis-trib command (its output is sent), or a builtin
    /// used shell style (its value is sent).
    func executeCommand(_ name: Identifier, _ arguments: [Expression], at range: SourceRange) async throws(RuntimeError) {
        let builtin = Builtin(named: name.name)
        if builtin == .connect {
            // As a statement `connect` shows that it connected; its value (the nodes) is not shown.
            _ = try await callBuiltin(.connect, called: name, arguments, at: range)
        } else if let signature = CommandCatalog.command(named: name.name) {
            let (checked, line) = try await prepare(signature, arguments, at: range)
            let output = try await perform(signature, checked, line: line, at: range)
            emit(.output(output, command: line))
        } else if let builtin {
            emit(.value(try await callBuiltin(builtin, called: name, arguments, at: range)))
        } else if let function = function(named: name.name) {
            let value = try await callFunction(function, called: name, arguments, at: range)
            if value != .nilValue {
                emit(.value(value))
            }
        } else {
            throw unknownCommand(name)
        }
    }

    /// A call: a builtin, or a command in call form, whose output becomes its value (nothing is sent
    /// but ``RuntimeEvent/running(command:)``).
    func call(_ name: Identifier, _ arguments: [Expression], at range: SourceRange) async throws(RuntimeError) -> Value {
        if let builtin = Builtin(named: name.name) {
            return try await callBuiltin(builtin, called: name, arguments, at: range)
        }
        if let function = function(named: name.name) {
            return try await callFunction(function, called: name, arguments, at: range)
        }
        guard let signature = CommandCatalog.command(named: name.name) else {
            throw unknownCommand(name)
        }
        let (checked, line) = try await prepare(signature, arguments, at: range)
        // `execute`'s command, so that its structured replies become maps; other commands have none.
        let sent = (try? checked[CommandCatalog.command]) ?? []
        return Value(try await perform(signature, checked, line: line, at: range), command: sent)
    }

    func unknownCommand(_ name: Identifier) -> RuntimeError {
        if name.name == "help" {
            // The shell's meta-command, typed into a script, `-c` or a pipe.
            return fail(
                .unknownCommand, "`help` is the shell's, not a statement of scripts: run `redis-trib help NAME` (or `help NAME` in the shell)",
                at: name.range)
        }
        return fail(
            .unknownCommand,
            "there is no command or function `\(name.name)`",
            at: name.range,
            suggestion: Suggestion.didYouMean(
                name.name, among: Builtin.allNames + CommandCatalog.allNames + session.withLock { Array($0.functions.keys) }, at: name.range)
        )
    }

    /// Turns the arguments into command-line words, fills in the default cluster, and checks the
    /// words against the signature as the command line does; an error points at the argument its
    /// word came from (``TribError/wordIndex``), or at the whole statement when no word is at fault.
    func prepare(
        _ signature: CommandSignature,
        _ arguments: [Expression],
        at range: SourceRange
    ) async throws(RuntimeError) -> (CommandArguments, line: String) {
        var words: [CommandWord] = []
        for argument in arguments {
            words += try await commandWords(of: argument)
        }
        if signature.omitsCluster(in: words.map(\.text)) {
            let cluster = try defaultCluster(for: signature.name, at: range)
            words.insert(CommandWord(text: cluster.description, range: range), at: 0)
        }
        let texts = words.map(\.text)
        do {
            // The line is shown (`-v`, JSON, a dry run's summary): a password in it never is.
            let line = commandLine(signature.name, RedisCommand.redactedWords(texts))
            var checked = try CommandArguments(parsing: texts, for: signature)
            // A node id is looked up in the default cluster when the command's cluster node is not given by address.
            checked.defaultCluster = session.withLock { $0.defaultCluster }
            return (checked, line)
        } catch {
            let word = error.wordIndex.flatMap { words.indices.contains($0) ? words[$0] : nil }
            throw fail(error.code == .invalidSlot ? .invalidSlot : .invalidArguments, error.message, at: word?.range ?? range)
        }
    }

    /// The words of one argument; the elements of a list literal each keep their own range.
    func commandWords(of argument: Expression) async throws(RuntimeError) -> [CommandWord] {
        if case .list(let elements) = argument.kind {
            var words: [CommandWord] = []
            for element in elements {
                words += try await commandWords(of: element)
            }
            return words
        }
        let value = try await evaluate(argument)
        switch value.commandWords() {
        case .success(let texts):
            return texts.map { CommandWord(text: $0, range: argument.range) }
        case .failure(let error):
            throw fail(.typeMismatch, "`\(written(argument))`: \(error.message)", at: argument.range)
        }
    }

    /// Runs a checked command on the backend and remembers the nodes it shows.
    func perform(
        _ signature: CommandSignature,
        _ arguments: CommandArguments,
        line: String,
        at range: SourceRange
    ) async throws(RuntimeError) -> CommandOutput {
        emit(.running(command: line))
        var arguments = arguments
        if arguments.login == nil {
            arguments.login = session.withLock { $0.login }
        }
        let output: CommandOutput
        do {
            output = try await interpreter.backend.run(signature, arguments)
        } catch {
            throw operationFailed(error, at: range)
        }
        switch output {
        case .nodes(let nodes, _): session.remember(nodes)
        case .replies(let replies): session.remember(replies.map(\.node))
        case .done, .check, .info, .fix, .slotPlan, .layout, .nodeTimeout, .importKeys, .backup: break
        }
        return output
    }

    /// A failed operation: its message names the node; a note keeps its stable code. An error that
    /// says the statement is wrong as written (``TribError/Code/isUsage``) is one of its arguments.
    func operationFailed(_ error: TribError, at range: SourceRange) -> RuntimeError {
        if error.code.isUsage {
            return fail(error.code == .invalidSlot ? .invalidSlot : .invalidArguments, error.description, at: range)
        }
        return fail(.operationFailed, error.description, at: range, notes: [Diagnostic.Note("error code: \(error.code)")], cause: error)
    }

    /// The default cluster (`connect`), for the command or builtin `name` given no node of the cluster.
    ///
    /// `takesNode` is false for a builtin that has no parameter for a node (`count_keys`), so the
    /// message does not offer one.
    func defaultCluster(for name: String, takesNode: Bool = true, at range: SourceRange) throws(RuntimeError) -> NodeAddress {
        guard let cluster = session.withLock({ $0.defaultCluster }) else {
            let other = takesNode ? ", or give `\(name)` a node of the cluster" : " (`\(name)` asks the default cluster)"
            throw fail(.noDefaultCluster, "no default cluster: use `connect ADDR` first\(other)", at: range)
        }
        return cluster
    }

    /// Every node of the cluster `address` belongs to, and the node at `address`, by `list`.
    func listCluster(_ address: NodeAddress, login: ConnectionURI? = nil, at range: SourceRange) async throws(RuntimeError)
        -> (nodes: [ClusterNode], myself: ClusterNode)
    {
        guard let signature = CommandCatalog.command(named: "list") else {
            throw fail(.operationFailed, "the command table has no `list` command", at: range)
        }
        var arguments: CommandArguments
        do {
            arguments = try CommandArguments(parsing: [address.description], for: signature)
            arguments.login = login
        } catch {
            throw fail(.invalidArguments, error.description, at: range)
        }
        let output = try await perform(signature, arguments, line: commandLine(signature.name, [address.description]), at: range)
        guard case .nodes(let nodes, let myself) = output else {
            throw fail(.operationFailed, "`list` on \(address) did not answer with nodes", at: range)
        }
        return (nodes, myself)
    }
}
