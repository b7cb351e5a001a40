import RESP
import RedisTrib
import TribLanguage

extension Evaluator {
    /// Calls `builtin`, written `name` (a name or an alias), once its arity is checked.
    func callBuiltin(_ builtin: Builtin, called name: Identifier, _ arguments: [Expression], at range: SourceRange) async throws(RuntimeError) -> Value {
        try checkArity(of: builtin, arguments, called: name, at: range)
        switch builtin {
        case .connect:
            return .nodes(try await connect(arguments[0], at: range))
        case .masters, .replicas, .nodes:
            let address: NodeAddress
            if let argument = arguments.first {
                address = try await self.address(of: argument)
            } else {
                address = try defaultCluster(for: name.name, at: range)
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
            let value = try await evaluate(arguments[0])
            if case .node = value {
                return value
            }
            let address = try address(from: value, of: arguments[0])
            let (nodes, myself) = try await listCluster(address, at: range)
            var node = nodes.first { $0.address == address } ?? myself
            if node.address == nil {
                node.address = address
            }
            return .node(NodeValue(node, cluster: nodes))
        case .count:
            let value = try await evaluate(arguments[0])
            if let count = value.count {
                return .integer(count)
            }
            if case .range(let integers) = value {
                throw fail(.integerOverflow, "the range \(integers) has more integers than fit in 64 bits", at: arguments[0].range)
            }
            throw fail(
                .typeMismatch,
                "`\(name.name)` counts a slot set, a list, a range or a string; `\(written(arguments[0]))` is \(value.kindName)",
                at: arguments[0].range
            )
        case .slots:
            var slots = SlotSet()
            for argument in arguments {
                slots.formUnion(try await slotSet(of: argument))
            }
            return .slots(slots)
        case .str:
            return .string(try await evaluate(arguments[0]).text)
        case .int:
            let value = try await evaluate(arguments[0])
            switch value {
            case .integer:
                return value
            case .string(let text):
                guard let number = Int(text.trimmingWhitespace()) else {
                    throw fail(
                        .typeMismatch,
                        "\"\(StringEscaping.escape(text, dollar: true))\" is not an integer",
                        at: arguments[0].range
                    )
                }
                return .integer(number)
            default:
                throw fail(.typeMismatch, "`int` reads a string; `\(written(arguments[0]))` is \(value.kindName)", at: arguments[0].range)
            }
        case .addr:
            return .address(try await address(of: arguments[0]))
        case .keyslot:
            return .integer(HashSlot.forKey(try await evaluate(arguments[0]).text).intValue)
        }
    }

    /// Reports a call of `builtin` (written `name`) with too few or too many arguments.
    func checkArity(of builtin: Builtin, _ arguments: [Expression], called name: Identifier, at range: SourceRange) throws(RuntimeError) {
        let count = builtin.arity
        guard !count.contains(arguments.count) else { return }
        let expected =
            count.lowerBound == count.upperBound
            ? "\(count.lowerBound) argument\(count.lowerBound == 1 ? "" : "s")"
            : "\(count.lowerBound) to \(count.upperBound) arguments"
        throw fail(
            .invalidArguments,
            "`\(name.name)` takes \(expected), not \(arguments.count): \(name.name)\(builtin.parameters)",
            at: arguments.count > count.upperBound ? arguments[count.upperBound].range : range
        )
    }

    /// The slots an argument of `slots(…)` names; the elements of a list literal are checked one by one.
    private func slotSet(of argument: Expression) async throws(RuntimeError) -> SlotSet {
        if case .list(let elements) = argument.kind {
            var slots = SlotSet()
            for element in elements {
                slots.formUnion(try await slotSet(of: element))
            }
            return slots
        }
        return try slotSet(from: try await evaluate(argument), at: argument.range)
    }

    private func slotSet(from value: Value, at range: SourceRange) throws(RuntimeError) -> SlotSet {
        switch value {
        case .list(let elements):
            var slots = SlotSet()
            for element in elements {
                slots.formUnion(try slotSet(from: element, at: range))
            }
            return slots
        case .node(let node):
            return node.node.slots
        case .string(let text):
            do {
                return try SlotSet(parsing: text)
            } catch {
                throw fail(.invalidSlot, error.message, at: range)
            }
        default:
            let named: SlotSet?
            do {
                named = try value.slotSet()
            } catch {
                throw fail(.invalidSlot, error.message, at: range)
            }
            guard let slots = named else {
                throw fail(.typeMismatch, "`slots` takes slots, ranges, slot sets, nodes and lists; this is \(value.kindName)", at: range)
            }
            return slots
        }
    }
}

extension String {
    /// The text without the whitespace (`Character.isWhitespace`) at either end.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
