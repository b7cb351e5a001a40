import RESP
import RedisTrib

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
    /// - Throws: ``TribError`` `.usage`, naming the word and what was expected; an option given
    ///   twice is an error, since one of its values would be silently dropped.
    public init(parsing tokens: [String], for signature: CommandSignature) throws(TribError) {
        let split = signature.splitWords(tokens)
        var seen: Set<String> = []
        for word in split.options {
            let name = word.name
            let parameter = signature.parameters.first { $0.optionName == name }
            let option = parameter == nil ? signature.options.first { $0.name == name } : nil
            if parameter != nil || option != nil, !seen.insert(name).inserted {
                throw TribError(.usage, "\(name) is given more than once")
            }
            func value() throws(TribError) -> String {
                guard let value = word.value else {
                    throw TribError(.usage, "\(name) needs a value")
                }
                return value
            }
            if let parameter {
                try store(try value(), for: parameter)
                continue
            }
            guard let option else {
                let known = signature.options.map(\.name) + signature.parameters.compactMap(\.optionName)
                let hint = known.isEmpty ? "it takes no options" : "its options are " + known.joined(separator: ", ")
                throw TribError(.usage, "\(signature.name) has no option '\(name)'; \(hint)")
            }
            switch option.kind {
            case .flag:
                if word.value != nil {
                    throw TribError(.usage, "\(name) takes no value")
                }
                flags.insert(name)
            case .integer(let range):
                integers[name] = try OptionLimits.wholeNumber(try value(), in: range, for: name)
            case .text:
                texts[name] = try value()
            }
        }
        try bind(split.positional.map { tokens[$0] }, to: signature)
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
        case .integer(let range):
            integers[parameter.name] = try OptionLimits.wholeNumber(word, in: range, for: parameter.name)
        }
    }
}

extension CommandSignature {
    /// The words after a command name, sorted into positional arguments and options.
    public struct WordSplit: Sendable {
        /// One option word (`--name`, `--name=value`) and its value.
        public struct OptionWord: Sendable {
            /// The option's name, with its dashes and without any `=value`.
            public var name: String
            /// The value after `=`, else the next word when the option takes a value; `nil` when
            /// there is none.
            public var value: String?
        }

        /// The indices of the positional words, in order.
        public var positional: [Int]
        /// The option words, in order.
        public var options: [OptionWord]
    }

    /// Sorts the words after the command name into positional arguments and options, the one way
    /// the command line and the language read them: a word starting with `--` is an option, which
    /// takes the next word as its value when it is a parameter option or a non-flag option and has
    /// no `=value`; after `--` (unless the command takes the words of a command to run), and once
    /// the words of a command to run begin, every word is positional.
    public func splitWords(_ words: [String]) -> WordSplit {
        let takesWords = parameters.contains { $0.kind == .words }
        var split = WordSplit(positional: [], options: [])
        var onlyPositional = false
        var index = 0
        while index < words.count {
            let position = index
            let word = words[index]
            index += 1
            if word == "--", !onlyPositional, !takesWords {
                onlyPositional = true
                continue
            }
            if onlyPositional || !word.hasPrefix("--") {
                split.positional.append(position)
                // Once the words of a command to run begin, options are theirs.
                if takesWords, split.positional.count > parameters.count - 1 {
                    onlyPositional = true
                }
                continue
            }
            if let equals = word.firstIndex(of: "=") {
                split.options.append(.init(name: String(word[..<equals]), value: String(word[word.index(after: equals)...])))
            } else if takesValue(word) {
                split.options.append(.init(name: word, value: index < words.count ? words[index] : nil))
                index += 1
            } else {
                split.options.append(.init(name: word, value: nil))
            }
        }
        return split
    }

    /// Whether the option or parameter option `name` reads the next word as its value.
    private func takesValue(_ name: String) -> Bool {
        parameters.contains { $0.optionName == name } || options.contains { $0.name == name && $0.kind != .flag }
    }
}
