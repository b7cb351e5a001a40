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

/// `name word…`, each word quoted when it would not read back as one word.
func commandLine(_ name: String, _ words: [String]) -> String {
    ([name]
        + words.map { word in
            word.isEmpty || word.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == ";" || $0 == "#" })
                ? "\"" + StringEscaping.escape(word, dollar: true) + "\""
                : word
        }).joined(separator: " ")
}
