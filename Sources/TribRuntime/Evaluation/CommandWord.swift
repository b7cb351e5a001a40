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
    /// positional word that is neither an address nor a node id.
    func omitsCluster(in words: [CommandWord]) -> Bool {
        guard let first = parameters.first, first.kind == .address, first.isAnyClusterNode else { return false }
        if let option = first.optionName, mentions(option, in: words) {
            return false
        }
        let positional = positionalWords(words)
        if parameters.contains(where: { $0.kind == .words }) {
            guard let word = positional.first else { return true }
            return (try? NodeReference(parsing: word.text)) == nil
        }
        let required = parameters.filter { parameter in
            !parameter.isOptional && !(parameter.optionName.map { mentions($0, in: words) } ?? false)
        }
        return positional.count == required.count - 1
    }
}

/// `name word…`, each word quoted when it would not read back as one word.
func commandLine(_ name: String, _ words: [String]) -> String {
    ([name]
        + words.map { word in
            word.isEmpty || word.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == ";" || $0 == "#" })
                ? "\"" + StringEscaping.escape(word, dollar: true) + "\""
                : word
        }).joined(separator: " ")
}
