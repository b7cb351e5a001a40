import RESP
import RedisTrib
import TribCommands
import TribLanguage

/// One command-line word made from an argument, and the source of the argument it came from, so
/// that a problem with the word is reported at the argument.
struct CommandWord {
    let text: String
    let range: SourceRange
}

extension CommandSignature {
    /// The words that are positional arguments, skipping options and their values, the way
    /// `CommandArguments(parsing:for:)` reads them (``CommandSignature/splitWords(_:)``).
    func positionalWords(_ words: [CommandWord]) -> [CommandWord] {
        splitWords(words.map(\.text)).positional.map { words[$0] }
    }

    /// Whether the option named `name` is among the words, alone or as `name=value`.
    private func mentions(_ name: String, in words: [CommandWord]) -> Bool {
        words.contains { $0.text == name || $0.text.hasPrefix(name + "=") }
    }

    /// Whether the command's first parameter is "any node of the cluster" (`list`, `masters`,
    /// `execute`, `fix`, `join`, `join_no_load`, `rescue`) and the words leave it out, so the
    /// default cluster goes there: one positional word short, or, for `execute`, a first
    /// positional word that is no address.
    func omitsCluster(in words: [CommandWord]) -> Bool {
        guard let first = parameters.first, first.kind == .address, first.isAnyClusterNode else { return false }
        if let option = first.optionName, mentions(option, in: words) {
            return false
        }
        let positional = positionalWords(words)
        if parameters.contains(where: { $0.kind == .words }) {
            guard let word = positional.first else { return true }
            return (try? NodeAddress(parsing: word.text)) == nil
        }
        let required = parameters.filter { parameter in
            !parameter.isOptional && !(parameter.optionName.map { mentions($0, in: words) } ?? false)
        }
        return positional.count == required.count - 1
    }

    /// For a command that takes slots, the first positional word that is a number or a range
    /// reaching outside 0…16383, and what is wrong with it.
    func invalidSlotWord(in words: [CommandWord]) -> (word: CommandWord, message: String)? {
        guard parameters.contains(where: { $0.kind == .slots }) else { return nil }
        for word in positionalWords(words) {
            let bounds = Self.numbers(in: word.text)
            if let bad = bounds.first(where: { !HashSlot.validRange.contains($0) }) {
                let message =
                    bounds.count == 1
                    ? "\(word.text) is not a slot: slots are 0…16383"
                    : "the range \(word.text) is not within the slots 0…16383 (\(bad) is not a slot)"
                return (word, message)
            }
        }
        return nil
    }

    /// The numbers of `N`, `-N` or `N-M` (too large ones as `Int.max`); none for other words.
    private static func numbers(in text: String) -> [Int] {
        func number(_ digits: Substring) -> Int? {
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return nil
            }
            return Int(digits) ?? Int.max
        }
        if text.hasPrefix("-") {
            return number(text.dropFirst()).map { [-$0] } ?? []
        }
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let values = parts.compactMap(number)
        return values.count == parts.count ? values : []
    }
}

extension [CommandWord] {
    /// Where the word a usage error names stands: the word quoted in the message
    /// (`unexpected argument 'x'`), or the option the message starts with (`--x needs a value`).
    func range(namedIn error: TribError) -> SourceRange? {
        let message = error.message
        if let open = message.firstIndex(of: "'") {
            let rest = message[message.index(after: open)...]
            if let close = rest.firstIndex(of: "'") {
                let quoted = String(rest[..<close])
                if let word = first(where: { $0.text == quoted }) {
                    return word.range
                }
            }
        }
        if let head = message.split(separator: " ").first, let word = first(where: { $0.text == head }) {
            return word.range
        }
        return nil
    }
}

/// `name word…`, each word quoted when it would not read back as one word.
func commandLine(_ name: String, _ words: [String]) -> String {
    ([name] + words.map { word in
        word.isEmpty || word.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == ";" || $0 == "#" })
            ? "\"" + StringEscaping.escape(word, dollar: true) + "\""
            : word
    }).joined(separator: " ")
}
