import RedisTrib

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
            /// The index of the option's word.
            public var index: Int
            /// The index of the word its value is in: its own for `--name=value`, the next for
            /// `--name value`; `nil` when there is no value.
            public var valueIndex: Int?
        }

        /// The indices of the positional words, in order.
        public var positional: [Int]
        /// The option words, in order.
        public var options: [OptionWord]
    }

    /// Sorts the words after the command name into positional arguments and options, the one way
    /// the command line and the language read them: a word starting with `--` is an option, which
    /// takes the next word as its value when it is a parameter option or a non-flag option and has
    /// no `=value` (a repeatable one also every `NAME=VALUE` word right after it); after `--` (unless the command takes the words of a command to run), and once
    /// the words of a command to run begin, every word is positional, but for redis-cli's spelling
    /// of one of the command's flags (`--cluster-only-masters`), which redis-cli reads there.
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
            // redis-cli reads its --cluster-* options after a command's words (`call NODE PING
            // --cluster-only-masters`): a flag spelt so is the command's option, not a word to send.
            if onlyPositional, takesWords, word.hasPrefix("--cluster-"), options.contains(where: { $0.kind == .flag && $0.aliases.contains(word) }) {
                split.options.append(.init(name: word, value: nil, index: position, valueIndex: nil))
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
                let name = String(word[..<equals])
                split.options.append(.init(name: name, value: String(word[word.index(after: equals)...]), index: position, valueIndex: position))
            } else if takesValue(word) {
                let hasValue = index < words.count
                split.options.append(.init(name: word, value: hasValue ? words[index] : nil, index: position, valueIndex: hasValue ? index : nil))
                index += 1
                // A repeatable option takes the NAME=VALUE words that follow too, as redis-cli's
                // `--cluster-weight A=1 B=2` does.
                while hasValue, isRepeatable(word), index < words.count, !words[index].hasPrefix("-"), words[index].contains("=") {
                    split.options.append(.init(name: word, value: words[index], index: position, valueIndex: index))
                    index += 1
                }
            } else {
                split.options.append(.init(name: word, value: nil, index: position, valueIndex: nil))
            }
        }
        return split
    }

    /// Whether the option `name` may be given more than once.
    private func isRepeatable(_ name: String) -> Bool {
        options.contains { $0.names.contains(name) && $0.isRepeatable }
    }

    /// Whether the option or parameter option `name` reads the next word as its value.
    func takesValue(_ name: String) -> Bool {
        parameters.contains { $0.optionName == name } || options.contains { $0.names.contains(name) && $0.kind != .flag }
    }
}
