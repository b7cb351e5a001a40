import RESP
import RedisTrib
import TribLanguage

extension Evaluator {
    /// Calls `builtin`, written `name` (a name or an alias), once its arguments are checked against
    /// its declaration (``Builtin/parameters``).
    func callBuiltin(_ builtin: Builtin, called name: Identifier, _ arguments: [Expression], at range: SourceRange) async throws(RuntimeError) -> Value {
        let checked = try await checkArguments(arguments, of: builtin, called: name, at: range)
        switch builtin {
        case .connect:
            switch checked.first {
            case .address(let address)?: return .nodes(try await connect(to: address, login: nil, at: range))
            case .login(let login)?: return .nodes(try await connect(to: login.address, login: login, at: range))
            default: throw undeclaredArgument(of: builtin, at: range)
            }
        case .masters, .replicas, .nodes:
            let address: NodeAddress
            switch checked.first {
            case .address(let given)?: address = given
            case nil: address = try defaultCluster(for: name.name, at: range)
            default: throw undeclaredArgument(of: builtin, at: range)
            }
            let (nodes, _) = try await listCluster(address, at: range)
            let chosen = nodes.filter { node in
                switch builtin {
                case .masters: node.isMaster
                case .replicas: node.isReplica
                default: true
                }
            }
            return .nodes(chosen, cluster: nodes)
        case .node:
            switch checked.first {
            case .node(let node)?:
                return .node(node)
            case .address(let address)?:
                let (nodes, myself) = try await listCluster(address, at: range)
                var node = nodes.first { $0.address == address } ?? myself
                if node.address == nil {
                    node.address = address
                }
                return .node(NodeValue(node, cluster: nodes))
            default:
                throw undeclaredArgument(of: builtin, at: range)
            }
        case .count, .int:
            guard case .integer(let number)? = checked.first else { throw undeclaredArgument(of: builtin, at: range) }
            return .integer(number)
        case .slots:
            var slots = SlotSet()
            for argument in checked {
                guard case .slots(let named) = argument else { throw undeclaredArgument(of: builtin, at: range) }
                slots.formUnion(named)
            }
            return .slots(slots)
        case .str:
            guard case .value(let value)? = checked.first else { throw undeclaredArgument(of: builtin, at: range) }
            return .string(value.text)
        case .addr:
            guard case .address(let address)? = checked.first else { throw undeclaredArgument(of: builtin, at: range) }
            return .address(address)
        case .keyslot:
            guard case .text(let key)? = checked.first else { throw undeclaredArgument(of: builtin, at: range) }
            return .integer(HashSlot.forKey(key).intValue)
        case .now:
            return .integer(WallClock.secondsSince1970)
        case .dryRun:
            return .boolean(interpreter.isDryRun)
        case .first, .last, .reverse, .sort, .min, .max, .sum, .filter, .map, .keys, .values, .env, .split, .join, .format, .table:
            return try await callValueBuiltin(builtin, checked, arguments, at: range)
        case .call, .info, .config, .dbsize, .countKeys, .keysInSlot, .slotStats, .bigKeys:
            return try await callClusterBuiltin(builtin, checked, arguments, at: range)
        }
    }

    /// Reports a call of `builtin` (written `name`) with too few or too many arguments.
    func checkArity(of builtin: Builtin, _ arguments: [Expression], called name: Identifier, at range: SourceRange) throws(RuntimeError) {
        let count = builtin.arity
        guard !count.contains(arguments.count) else { return }
        let counted = { (n: Int) in "\(n) argument\(n == 1 ? "" : "s")" }
        let expected =
            if count.lowerBound == count.upperBound {
                counted(count.lowerBound)
            } else if count.upperBound == Int.max {
                "at least " + counted(count.lowerBound)
            } else {
                "\(count.lowerBound) to \(count.upperBound) arguments"
            }
        throw fail(
            .invalidArguments,
            "`\(name.name)` takes \(expected), not \(arguments.count): \(builtin.usage(calledAs: name.name))",
            at: arguments.count > count.upperBound ? arguments[count.upperBound].range : range
        )
    }

    /// The arguments of a call of `builtin` (written `name`), their number checked, then each
    /// evaluated and checked against its parameter, in order; the first that fails is reported at
    /// its own range.
    func checkArguments(
        _ arguments: [Expression],
        of builtin: Builtin,
        called name: Identifier,
        at range: SourceRange
    ) async throws(RuntimeError) -> [CheckedArgument] {
        try checkArity(of: builtin, arguments, called: name, at: range)
        var checked: [CheckedArgument] = []
        for (argument, parameter) in zip(arguments, builtin.parameters(forArguments: arguments.count)) {
            checked.append(try await check(argument, against: parameter, called: name))
        }
        return checked
    }

    /// One argument checked against `parameter`.
    private func check(_ argument: Expression, against parameter: BuiltinParameter, called name: Identifier) async throws(RuntimeError) -> CheckedArgument {
        if parameter.type == .slots, case .list = argument.kind {
            return .slots(try await slotSet(of: argument, for: parameter, called: name))
        }
        let value = try await evaluate(argument)
        if parameter.type == .node || parameter.type == .address, let prefix = Self.nodeIDPrefix(value, written: written(argument)) {
            // A node named by its id (or 8 or more of its first hex digits), in the default cluster.
            let node = try await node(withID: prefix, at: argument.range)
            guard parameter.type == .node else {
                guard let address = node.node.address else {
                    throw fail(
                        .typeMismatch, "argument `\(parameter.name)` of `\(name.name)` needs an address; the node \(node.node.id) has none known",
                        at: argument.range)
                }
                return .address(address)
            }
            return .node(node)
        }
        do {
            return try parameter.type.check(value)
        } catch {
            throw rejected(argument, error, for: parameter, called: name)
        }
    }

    /// The slots an argument for `parameter` (of type slots) names; the elements of a list literal
    /// are checked one by one, so that an error points at the element at fault.
    private func slotSet(of argument: Expression, for parameter: BuiltinParameter, called name: Identifier) async throws(RuntimeError) -> SlotSet {
        if case .list(let elements) = argument.kind {
            var slots = SlotSet()
            for element in elements {
                slots.formUnion(try await slotSet(of: element, for: parameter, called: name))
            }
            return slots
        }
        let value = try await evaluate(argument)
        do {
            return try BuiltinParameter.ArgumentType.slotSet(of: value)
        } catch {
            throw rejected(argument, error, for: parameter, called: name)
        }
    }

    /// The id prefix a value writes (a word of 8 to 40 hex digits, `07c37dfe`, read as a string or, all
    /// digits, as an integer: then as `written`, so that `012345678` keeps its leading zero), or `nil`.
    /// `written` is asked for only then: every node argument of every call passes through here.
    static func nodeIDPrefix(_ value: Value, written: @autoclosure () -> String) -> String? {
        let text: String
        switch value {
        case .string(let given): text = given
        case .integer:
            let digits = written()
            guard digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            text = digits
        default: return nil
        }
        guard case .id(let prefix)? = try? NodeReference(parsing: text) else { return nil }
        return prefix
    }

    /// The node of the default cluster whose id starts with `prefix`: one, or an error that says
    /// there is none or names those it could be.
    func node(withID prefix: String, at range: SourceRange) async throws(RuntimeError) -> NodeValue {
        guard let cluster = session.withLock({ $0.defaultCluster }) else {
            throw fail(
                .noDefaultCluster, "the node id `\(prefix)` is looked up in the default cluster: use `connect ADDR` first, or give the node's address",
                at: range)
        }
        let (nodes, _) = try await listCluster(cluster, at: range)
        do {
            return NodeValue(try NodeReference.id(prefix).match(in: nodes, of: cluster), cluster: nodes)
        } catch {
            throw fail(.invalidArguments, error.description, at: range)
        }
    }

    /// The diagnostic for an argument its parameter does not take: one message for every type
    /// mismatch (the builtin as called, the parameter, the argument as written, what was expected),
    /// at the argument.
    private func rejected(_ argument: Expression, _ rejection: ArgumentRejection, for parameter: BuiltinParameter, called name: Identifier) -> RuntimeError {
        switch rejection {
        case .mismatch(let what):
            fail(
                .typeMismatch,
                "argument `\(parameter.name)` of `\(name.name)` must be \(parameter.type.expected); `\(written(argument))` is \(what)",
                at: argument.range
            )
        case .invalid(let id, let message):
            fail(id, message, at: argument.range)
        }
    }

    /// `connect ADDR` as a call: asks the node for its cluster (`list`), then makes it the default
    /// cluster, and a connection string's credentials the session's (only once the node has answered with them).
    private func connect(to address: NodeAddress, login: ConnectionURI?, at range: SourceRange) async throws(RuntimeError) -> [ClusterNode] {
        let (nodes, _) = try await listCluster(address, login: login, at: range)
        session.withLock { state in
            state.defaultCluster = address
            if let login { state.login = login }
        }
        emit(.connected(address, nodes: nodes))
        return nodes
    }

    /// A builtin read an argument in a form its declaration does not give it: a mistake in this
    /// file, not in the script, which the tests that call every builtin with every kind of argument catch.
    func undeclaredArgument(of builtin: Builtin, at range: SourceRange) -> RuntimeError {
        fail(
            .invalidArguments, "`\(builtin.rawValue)` read an argument its declaration, \(builtin.usage(calledAs: builtin.rawValue)), does not give", at: range)
    }
}
