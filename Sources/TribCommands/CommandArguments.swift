import RESP
import RedisTrib

/// The checked arguments of one command, each value parsed into its type and read with the typed
/// key its signature declares it with: `try arguments[CommandCatalog.source]` for a parameter,
/// `arguments[CommandCatalog.maxSlots]` for an option, `arguments[CommandCatalog.replace]` for a flag.
public struct CommandArguments: Sendable {
    /// An option given, and its value.
    private struct GivenOption: Sendable {
        let option: CommandSignature.Option
        let value: any Sendable
    }

    /// The values, by parameter name or option key, of the type their key reads them as.
    var values: [String: any Sendable] = [:]
    /// The nodes given for each parameter that names nodes, while it has an id among them: looked
    /// up in the cluster by ``resolvingNodeIDs(with:)``, which then sets its value.
    var nodeWords: [String: [NodeWord]] = [:]
    /// The first node given by address for a parameter that is "any node of the cluster": where an
    /// id is looked up first.
    var clusterNode: NodeAddress?
    /// The first node given by address for any other parameter: where an id is looked up when
    /// there is neither a cluster node nor a default cluster.
    var otherNode: NodeAddress?
    /// The default cluster of a script or the shell (`connect`): where an id is looked up when the
    /// command's cluster node is not given by address.
    public var defaultCluster: NodeAddress?
    /// The connection string a script or the shell connected with (`connect "rediss://user:pass@host:port"`):
    /// its user, password and TLS go to every node the command reaches; `nil` for the command line's own.
    public var login: ConnectionURI?
    /// The options given, in order.
    private var given: [GivenOption] = []
    /// How a command reads a password it is told to ask for (`import --from-askpass`): the command
    /// line reads the terminal (a line of standard input when it is not one); `nil` where nothing
    /// can be asked (a script, the shell, a library caller), and the command then says so.
    public var passwordPrompt: (@Sendable (_ prompt: String) -> String?)?

    /// The value given for a parameter.
    ///
    /// - Throws: ``TribError`` `.usage` when it was not given (an optional one left out), when it was
    ///   given by a node id not looked up yet (``resolvingNodeIDs(with:)``), or when `parameter` is
    ///   not a parameter of the command these arguments are for.
    public subscript<Value>(_ parameter: ParameterKey<Value>) -> Value {
        get throws(TribError) {
            guard let value = values[parameter.name] as? Value else {
                if nodeWords[parameter.name] != nil {
                    throw TribError(.usage, "\(parameter.name) is given by node id, which is not looked up yet (resolvingNodeIDs(with:))")
                }
                throw TribError(.usage, "missing \(parameter.name)")
            }
            return value
        }
    }

    /// The value given for an option; `nil` when it was not given.
    public subscript<Value>(_ option: CommandOption<Value>) -> Value? {
        values[option.key] as? Value
    }

    /// Whether a flag was given.
    public subscript(_ flag: CommandOption<Bool>) -> Bool {
        values[flag.key] as? Bool ?? false
    }

    /// `options` with the value of every option given that goes into operation options set on them
    /// (``OptionTarget``): what a library caller of a signature runs its operator with, as the
    /// command line and the language do. Options the command reads itself are left out.
    public func applyingOptions(to options: OperationOptions) -> OperationOptions {
        var result = options
        for option in given {
            option.option.apply?(&result, option.value)
        }
        return result
    }

    /// The options given that go into operation options, as one stable string: two commands with
    /// the same fingerprint run with the same operation options.
    public var optionFingerprint: String {
        let options = given.filter { $0.option.apply != nil }.map { "\($0.option.name)=\($0.value)" }.sorted()
        // The password too: two logins with one user and two passwords are two operators.
        let login = self.login.map { ["login=\($0.tls) \($0.username ?? "") \($0.password ?? "")"] } ?? []
        return (options + login).joined(separator: " ")
    }

    /// Parses the words after the command name against a signature.
    ///
    /// - Throws: ``TribError`` whose ``TribError/wordIndex`` is the index in `tokens` of the word
    ///   at fault (`nil` for a missing argument): `.invalidSlot` for a word that is not slots where
    ///   slots are expected, `.usage` for everything else, naming the word and what was expected.
    ///   An option given twice is an error, since one of its values would be silently dropped;
    ///   so are two spellings of one choice (`--atomic --no-atomic`).
    public init(parsing tokens: [String], for signature: CommandSignature) throws(TribError) {
        let split = signature.splitWords(tokens)
        var seen: [String: String] = [:]
        for word in split.options {
            let name = word.name
            func value() throws(TribError) -> String {
                guard let value = word.value else {
                    throw TribError(.usage, "\(name) needs a value", wordIndex: word.index)
                }
                return value
            }
            /// Notes the option kept under `key`, spelt `spellings` (its name and aliases); a second
            /// time is an error: the same option again, or another spelling of its choice.
            func once(_ key: String, spellings: [String] = []) throws(TribError) {
                if let earlier = seen[key] {
                    let message =
                        earlier == name
                        ? "\(name) is given more than once"
                        : spellings.contains(earlier)
                            ? "\(earlier) is given more than once (also as \(name))" : "\(earlier) and \(name) exclude each other"
                    throw TribError(.usage, message, wordIndex: word.index)
                }
                seen[key] = name
            }
            if let parameter = signature.parameters.first(where: { $0.optionName == name }) {
                try once(parameter.name)
                try store(try value(), at: word.valueIndex ?? word.index, for: parameter)
                continue
            }
            guard let option = signature.options.first(where: { $0.names.contains(name) }) else {
                let known = signature.options.map(\.name) + signature.parameters.compactMap(\.optionName)
                let hint = known.isEmpty ? "it takes no options" : "its options are " + known.joined(separator: ", ")
                throw TribError(.usage, "\(signature.name) has no option '\(name)'; \(hint)", wordIndex: word.index)
            }
            if !option.isRepeatable {
                try once(option.key, spellings: option.names)
            }
            let parsed: any Sendable
            switch option.reading {
            case .flag(let meaning):
                if word.value != nil {
                    throw TribError(.usage, "\(name) takes no value", wordIndex: word.index)
                }
                parsed = meaning
            case .integer(let range):
                let text = try value()
                do {
                    parsed = try OptionLimits.wholeNumber(text, in: range, for: name)
                } catch {
                    throw error.at(word: word.valueIndex)
                }
            case .text:
                parsed = try value()
            case .texts:
                parsed = (values[option.key] as? [String] ?? []) + [try value()]
            case .choice(let choices):
                let text = try value()
                guard let choice = choices.first(where: { $0.word == text }) else {
                    let words = choices.map(\.word).joined(separator: ", ")
                    throw TribError(.usage, "\(name) is one of \(words), not '\(text)'", wordIndex: word.valueIndex ?? word.index)
                }
                parsed = choice.value
            }
            values[option.key] = parsed
            given.append(GivenOption(option: option, value: parsed))
        }
        try bind(split.positional, of: tokens, to: signature)
        settleNodeWords(of: signature)
    }

    /// Gives the positional words (indices into `tokens`) to the parameters not given by option.
    private mutating func bind(_ positional: [Int], of tokens: [String], to signature: CommandSignature) throws(TribError) {
        var rest = positional[...]
        let givenByOption = Set(
            signature.parameters.filter { $0.optionName != nil && (values[$0.name] != nil || nodeWords[$0.name] != nil) }.map(\.name)
        )
        for (position, parameter) in signature.parameters.enumerated() where !givenByOption.contains(parameter.name) {
            let missing = TribError(.usage, "missing \(parameter.name): \(parameter.summary) (usage: \(signature.usage))")
            if parameter.isVariadic {
                let later = signature.parameters[(position + 1)...].filter { !givenByOption.contains($0.name) }.count
                let count = rest.count - later
                guard count >= 1 else { throw missing }
                for index in rest.prefix(count) {
                    try store(tokens[index], at: index, for: parameter)
                }
                rest = rest.dropFirst(count)
            } else {
                guard let index = rest.first else {
                    if parameter.isOptional { continue }
                    throw missing
                }
                try store(tokens[index], at: index, for: parameter)
                rest = rest.dropFirst()
            }
        }
        if let extra = rest.first {
            throw TribError(.usage, "unexpected argument '\(tokens[extra])' (usage: \(signature.usage))", wordIndex: extra)
        }
    }

    /// Parses `word`, the word at `index`, as a value of `parameter`.
    private mutating func store(_ word: String, at index: Int, for parameter: CommandSignature.Parameter) throws(TribError) {
        let name = parameter.name
        switch parameter.kind {
        case .address, .addresses, .nodeID:
            let reference: NodeReference
            do {
                reference = try NodeReference(parsing: word)
            } catch {
                throw TribError(.usage, "\(name): \(error.message)", wordIndex: index)
            }
            if parameter.kind == .nodeID {
                guard case .id(let id) = reference else {
                    throw TribError(
                        .usage,
                        "\(name): '\(word)' is an address; give the node's id (\(NodeReference.idLength) hex digits, or a unique prefix of at least "
                            + "\(NodeReference.shortestIDPrefix)), as `list` shows it",
                        wordIndex: index
                    )
                }
                // The operation matches it itself, among every view of the cluster.
                values[name] = id
                return
            }
            nodeWords[name, default: []].append(NodeWord(parameter: parameter, reference: reference, wordIndex: index))
        case .slots:
            do {
                values[name] = (values[name] as? SlotSet ?? SlotSet()).union(try SlotSet(parsing: [word]))
            } catch {
                throw TribError(.invalidSlot, "\(name): \(error.description)", wordIndex: index)
            }
        case .words:
            values[name] = (values[name] as? [String] ?? []) + [word]
        case .text:
            values[name] = word
        case .choice(let choices):
            guard choices.contains(word) else {
                throw TribError(.usage, "\(name) is one of \(choices.joined(separator: ", ")), not '\(word)'", wordIndex: index)
            }
            values[name] = word
        case .integer(let range):
            do {
                values[name] = try OptionLimits.wholeNumber(word, in: range, for: name)
            } catch {
                throw error.at(word: index)
            }
        }
    }
}

extension TribError {
    /// The error, pointing at the word at `index`.
    fileprivate func at(word index: Int?) -> TribError {
        var error = self
        error.wordIndex = index
        return error
    }
}
