import RESP

/// The checked arguments of one command, by parameter and option name.
public struct CommandArguments: Sendable {
    var addresses: [String: [NodeAddress]] = [:]
    var slotSets: [String: SlotSet] = [:]
    var words: [String: [String]] = [:]
    var integers: [String: Int] = [:]
    var texts: [String: String] = [:]
    var flags: Set<String> = []

    /// The address given for a parameter.
    public func address(_ name: String) throws(TribError) -> NodeAddress {
        guard let address = addresses[name]?.first else {
            throw TribError(.usage, "missing \(name)")
        }
        return address
    }

    /// Every address given for a variadic parameter.
    public func addressList(_ name: String) -> [NodeAddress] {
        addresses[name] ?? []
    }

    /// The slots given for a parameter.
    public func slots(_ name: String) -> SlotSet {
        slotSets[name] ?? SlotSet()
    }

    /// The words given for a parameter.
    public func wordList(_ name: String) -> [String] {
        words[name] ?? []
    }

    /// An integer option's value, if given.
    public func integer(_ option: String) -> Int? {
        integers[option]
    }

    /// A text option's value, or a choice parameter's word, if given.
    public func text(_ name: String) -> String? {
        texts[name]
    }

    /// Every option and word-valued parameter given, as one stable string: two commands with the
    /// same fingerprint ask for the same operation options.
    public var optionFingerprint: String {
        let parts = flags.sorted() + integers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + texts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return parts.joined(separator: " ")
    }

    /// Whether a flag was given.
    public func flag(_ option: String) -> Bool {
        flags.contains(option)
    }

    /// Parses the words after the command name against a signature.
    ///
    /// - Throws: ``TribError`` `.usage`, naming the word and what was expected.
    public init(parsing tokens: [String], for signature: CommandSignature) throws(TribError) {
        var positional: [String] = []
        var index = 0
        var onlyPositional = false
        let takesWords = signature.parameters.contains { $0.kind == .words }
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if onlyPositional || !token.hasPrefix("--") || token == "--" && !takesWords {
                if token == "--" && !onlyPositional {
                    onlyPositional = true
                    continue
                }
                positional.append(token)
                // Once the words of a command to run begin, options are theirs.
                if takesWords, positional.count > signature.parameters.count - 1 {
                    onlyPositional = true
                }
                continue
            }
            var name = token
            var inlineValue: String?
            if let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                inlineValue = String(token[token.index(after: equals)...])
            }
            func value() throws(TribError) -> String {
                if let inlineValue { return inlineValue }
                guard index < tokens.count else {
                    throw TribError(.usage, "\(name) needs a value")
                }
                index += 1
                return tokens[index - 1]
            }
            if let parameter = signature.parameters.first(where: { $0.optionName == name }) {
                try store(try value(), for: parameter)
                continue
            }
            guard let option = signature.options.first(where: { $0.name == name }) else {
                let known = signature.options.map(\.name) + signature.parameters.compactMap(\.optionName)
                let hint = known.isEmpty ? "it takes no options" : "its options are " + known.joined(separator: ", ")
                throw TribError(.usage, "\(signature.name) has no option '\(name)'; \(hint)")
            }
            switch option.kind {
            case .flag:
                if inlineValue != nil {
                    throw TribError(.usage, "\(name) takes no value")
                }
                flags.insert(name)
            case .integer(let minimum):
                let text = try value()
                guard let number = Int(text), number >= minimum else {
                    throw TribError(.usage, "\(name) takes a whole number of at least \(minimum), not '\(text)'")
                }
                integers[name] = number
            case .text:
                texts[name] = try value()
            }
        }
        try bind(positional, to: signature)
    }

    private mutating func bind(_ positional: [String], to signature: CommandSignature) throws(TribError) {
        var rest = positional[...]
        for (position, parameter) in signature.parameters.enumerated() {
            if parameter.optionName != nil, addresses[parameter.name] != nil {
                continue
            }
            if parameter.isVariadic {
                let later = signature.parameters[(position + 1)...].filter { !($0.optionName != nil && addresses[$0.name] != nil) }.count
                let count = rest.count - later
                guard count >= 1 else {
                    throw TribError(.usage, "missing \(parameter.name): \(parameter.summary) (usage: \(signature.usage))")
                }
                for word in rest.prefix(count) {
                    try store(word, for: parameter)
                }
                rest = rest.dropFirst(count)
            } else {
                guard let word = rest.first else {
                    if parameter.isOptional { continue }
                    throw TribError(.usage, "missing \(parameter.name): \(parameter.summary) (usage: \(signature.usage))")
                }
                try store(word, for: parameter)
                rest = rest.dropFirst()
            }
        }
        if let extra = rest.first {
            throw TribError(.usage, "unexpected argument '\(extra)' (usage: \(signature.usage))")
        }
    }

    private mutating func store(_ word: String, for parameter: CommandSignature.Parameter) throws(TribError) {
        switch parameter.kind {
        case .address, .addresses:
            do {
                addresses[parameter.name, default: []].append(try NodeAddress(parsing: word))
            } catch {
                throw TribError(.usage, "\(parameter.name): \(error.description)")
            }
        case .slots:
            do {
                slotSets[parameter.name, default: SlotSet()].formUnion(try SlotSet(parsing: [word]))
            } catch {
                throw TribError(.usage, "\(parameter.name): \(error.description)")
            }
        case .words:
            words[parameter.name, default: []].append(word)
        case .choice(let choices):
            guard choices.contains(word) else {
                throw TribError(.usage, "\(parameter.name) is one of \(choices.joined(separator: ", ")), not '\(word)'")
            }
            texts[parameter.name] = word
        case .integer(let minimum):
            guard let number = Int(word), number >= minimum else {
                throw TribError(.usage, "\(parameter.name) takes a whole number of at least \(minimum), not '\(word)'")
            }
            integers[parameter.name] = number
        }
    }
}
