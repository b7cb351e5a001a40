import Foundation
import RESP
import RedisTrib
import TribLanguage

extension Evaluator {
    /// The builtins that ask a live node (`call`, `info`, `config`, `dbsize`, `count_keys`,
    /// `keys_in_slot`, `slot_stats`, `big_keys`), once their arguments are checked.
    func callClusterBuiltin(_ builtin: Builtin, _ checked: [CheckedArgument], _ arguments: [TribLanguage.Expression], at range: SourceRange)
        async throws(RuntimeError) -> Value
    {
        switch builtin {
        case .call:
            let node = try address(of: checked.first, for: builtin, at: range)
            var words: [String] = []
            for (argument, expression) in zip(checked.dropFirst(), arguments.dropFirst()) {
                guard case .value(let value) = argument else { throw undeclaredArgument(of: builtin, at: range) }
                switch value.commandWords() {
                case .success(let more): words += more
                case .failure(let error): throw fail(.typeMismatch, "`\(written(expression))`: \(error.message)", at: expression.range)
                }
            }
            guard !words.isEmpty else {
                throw fail(.invalidArguments, "`call` needs a command after the node: call(NODE, WORD, …)", at: range)
            }
            // `INFO`, `CLUSTER INFO`, `CONFIG GET` and `CLUSTER SLOT-STATS` become maps.
            return Value(reply: try await ask(node, RedisCommand(words), at: range), to: words)
        case .info:
            let node = try address(of: checked.first, for: builtin, at: range)
            var command = RedisCommand("INFO")
            var section: String?
            if case .text(let given)? = checked.dropFirst().first {
                if given.hasPrefix("-") {
                    throw fail(
                        .invalidArguments,
                        "`info(NODE, SECTION)` is the builtin, which takes a section of INFO, not `\(given)`; "
                            + "the report of the command `info` is its statement: `info NODE \(given)`",
                        at: arguments[1].range)
                }
                command = RedisCommand("INFO", given)
                section = given
            }
            let text = try await ask(node, command, at: range).string ?? ""
            // A server answers a section it does not have with nothing at all.
            if let section, text.allSatisfy(\.isWhitespace) {
                throw fail(.invalidArguments, "\(node) has no INFO section `\(section)`", at: arguments[1].range)
            }
            return Value.info(text)
        case .config:
            let node = try address(of: checked.first, for: builtin, at: range)
            guard case .text(let pattern)? = checked.dropFirst().first else { throw undeclaredArgument(of: builtin, at: range) }
            return .map(Value.configPairs(try await ask(node, RedisCommand("CONFIG", "GET", pattern), at: range)))
        case .dbsize:
            let node = try address(of: checked.first, for: builtin, at: range)
            return Value(try await ask(node, RedisCommand("DBSIZE"), at: range))
        case .countKeys, .keysInSlot:
            guard case .integer(let number)? = checked.first else { throw undeclaredArgument(of: builtin, at: range) }
            guard let slot = HashSlot(exactly: number) else {
                throw fail(.invalidSlot, "slot \(number) is outside 0…16383", at: arguments[0].range)
            }
            let owner = try await master(of: slot, for: builtin, at: range)
            if builtin == .countKeys {
                return Value(try await ask(owner, RedisCommand("CLUSTER", "COUNTKEYSINSLOT", String(slot.intValue)), at: range))
            }
            var count = 10
            if case .integer(let n)? = checked.dropFirst().first {
                guard n > 0 else { throw fail(.invalidArguments, "`keys_in_slot` takes a count above 0, not \(n)", at: arguments[1].range) }
                count = n
            }
            return Value(try await ask(owner, RedisCommand("CLUSTER", "GETKEYSINSLOT", String(slot.intValue), String(count)), at: range))
        case .slotStats:
            // One `list` gives every master's slots: the named node's, or the default cluster's live masters'.
            let given = checked.first == nil ? nil : try address(of: checked.first, for: builtin, at: range)
            let seed: NodeAddress
            if let given {
                seed = given
            } else {
                seed = try defaultCluster(for: builtin.rawValue, at: range)
            }
            let (nodes, myself) = try await listCluster(seed, at: range)
            let masters: [(address: NodeAddress, slots: SlotSet)] =
                if let given {
                    [(given, (nodes.first { $0.address == given } ?? myself).slots)]
                } else {
                    nodes.filter { $0.isMaster && !$0.isFailed }.compactMap { node in node.address.map { ($0, node.slots) } }
                }
            var stats: [Value] = []
            for master in masters {
                stats += try await slotStats(of: master.address, slots: master.slots, at: range)
            }
            return try bounded(.list(ValueList(stats)), at: range)
        case .bigKeys:
            let node = try address(of: checked.first, for: builtin, at: range)
            var count = 10
            if case .integer(let n)? = checked.dropFirst().first {
                guard n > 0 else { throw fail(.invalidArguments, "`big_keys` takes a count above 0, not \(n)", at: arguments[1].range) }
                count = n
            }
            return .list(ValueList(try await bigKeys(of: node, count: count, at: range)))
        default:
            throw undeclaredArgument(of: builtin, at: range)
        }
    }

    /// The address of a node argument.
    private func address(of argument: CheckedArgument?, for builtin: Builtin, at range: SourceRange) throws(RuntimeError) -> NodeAddress {
        switch argument {
        case .address(let address)?: return address
        case .node(let node)?:
            guard let address = node.node.address else {
                throw fail(.typeMismatch, "`\(builtin.rawValue)` needs a node with a known address; \(node.node.id) has none", at: range)
            }
            return address
        default: throw undeclaredArgument(of: builtin, at: range)
        }
    }

    /// Sends commands to a node as the session's user; replies in order, error replies as values.
    func query(_ node: NodeAddress, _ commands: [RedisCommand], at range: SourceRange) async throws(RuntimeError) -> [RESPValue] {
        let login = session.withLock { $0.login }
        do {
            return try await interpreter.backend.query(node, commands, login: login)
        } catch {
            throw operationFailed(error, at: range)
        }
    }

    /// One command's reply; an error reply fails, naming the node and the command.
    private func ask(_ node: NodeAddress, _ command: RedisCommand, at range: SourceRange) async throws(RuntimeError) -> RESPValue {
        let reply = try await query(node, [command], at: range)[0]
        if reply.isError {
            throw operationFailed(TribError(.nodeError, "\(command.label): \(reply.string ?? "an error")", node: node), at: range)
        }
        return reply
    }

    /// The master of the default cluster that holds `slot`.
    private func master(of slot: HashSlot, for builtin: Builtin, at range: SourceRange) async throws(RuntimeError) -> NodeAddress {
        let (nodes, _) = try await listCluster(try defaultCluster(for: builtin.rawValue, takesNode: false, at: range), at: range)
        guard let owner = nodes.first(where: { $0.isMaster && $0.slots.contains(slot) }), let address = owner.address else {
            throw operationFailed(TribError(.preconditionFailed, "no master of the cluster holds slot \(slot)"), at: range)
        }
        return address
    }

    /// The slots `master` holds, each as a map: with `CLUSTER SLOT-STATS` where the server has it,
    /// else by `CLUSTER COUNTKEYSINSLOT` for each, in one pipeline.
    private func slotStats(of master: NodeAddress, slots: SlotSet, at range: SourceRange) async throws(RuntimeError) -> [Value] {
        guard !slots.isEmpty else { return [] }
        let node = Value.address(master)
        let ranges = slots.ranges
        let stats = try await query(
            master, ranges.map { RedisCommand("CLUSTER", "SLOT-STATS", "SLOTSRANGE", String($0.lowerBound), String($0.upperBound)) }, at: range)
        if !stats.contains(where: \.isError) {
            return stats.flatMap(Value.slotStats).map { stat in .map(ValueMap(stat.entries.map { ($0.key, $0.value) } + [("node", node)])) }
        }
        // Redis 7.0 has no SLOT-STATS: the keys of each slot, counted in one pipeline.
        let counts = try await query(master, slots.map { RedisCommand("CLUSTER", "COUNTKEYSINSLOT", String($0.intValue)) }, at: range)
        return zip(slots, counts).map { slot, count in
            .map(ValueMap([("slot", .integer(slot.intValue)), ("keys", Value(count)), ("node", node)]))
        }
    }

    /// The `count` biggest keys of `node`, as maps; a warning (`sample-incomplete`) when the scan
    /// stopped before reading every key.
    private func bigKeys(of node: NodeAddress, count: Int, at range: SourceRange) async throws(RuntimeError) -> [Value] {
        let login = session.withLock { $0.login }
        let sample: BigKeySample
        do {
            sample = try await interpreter.backend.bigKeys(on: node, count: count, login: login)
        } catch {
            throw operationFailed(error, at: range)
        }
        if !sample.isComplete {
            let message =
                "big_keys read \(sample.scannedKeys.grouped) of the \(sample.totalKeys.grouped) keys of \(node) (it reads for at most "
                + "\(sample.timeLimit.components.seconds) s or \(sample.scanLimit.grouped) keys): a bigger key may be among the others"
            emit(.diagnostic(Diagnostic(.sampleIncomplete, severity: .warning, message, at: range), file: file))
        }
        return sample.keys.map { key in
            .map(ValueMap([("key", .string(key.name)), ("bytes", .integer(key.bytes)), ("slot", .integer(key.slot.intValue))]))
        }
    }
}
