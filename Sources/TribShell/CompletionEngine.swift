/// Finds the word before the cursor and turns the handler's candidates into a ``Completion``.
public struct CompletionEngine: Sendable {
    /// Characters that end a word. `$`, `.`, `:`, `-` and `_` are not among them, so `$n.slots`,
    /// `127.0.0.1:7000`, `--replace` and `migrate_slots` are single words.
    public static let wordBoundaries: Set<Character> = [
        " ", "\t", "\n", "(", ")", "[", "]", "{", "}", ",", ";", "=", "\"", "'", "|", "&", "!", "<", ">",
    ]

    /// Where the candidates come from.
    public let handler: any ShellHandler

    /// An engine asking `handler` for candidates.
    public init(handler: any ShellHandler) {
        self.handler = handler
    }

    /// What Tab does when the text before the cursor is `lineBeforeCursor`.
    public func complete(lineBeforeCursor: String) -> Completion {
        let word = Self.word(before: lineBeforeCursor)
        let candidates = handler.completions(for: String(word), lineBeforeCursor: lineBeforeCursor)
        return Self.completion(of: word, candidates: candidates)
    }

    /// The hint to show while `lineBeforeCursor` is typed (``ShellHandler/hint(lineBeforeCursor:)``).
    public func hint(lineBeforeCursor: String) -> String? {
        handler.hint(lineBeforeCursor: lineBeforeCursor)
    }

    /// The word that ends at the end of `lineBeforeCursor` (empty after a space or bracket).
    public static func word(before lineBeforeCursor: String) -> Substring {
        let start =
            lineBeforeCursor.lastIndex(where: wordBoundaries.contains)
            .map { lineBeforeCursor.index(after: $0) } ?? lineBeforeCursor.startIndex
        return lineBeforeCursor[start...]
    }

    /// How to complete `word` given the candidates for it.
    ///
    /// One candidate replaces the word and adds a space; several replace it with their common
    /// prefix when that is longer than the word, and are listed otherwise.
    public static func completion(of word: Substring, candidates: [String]) -> Completion {
        var seen = Set<String>()
        let unique = candidates.filter { !$0.isEmpty && seen.insert($0).inserted }.sorted()
        guard let first = unique.first else { return .none }
        if unique.count == 1 {
            return .replaceWord(with: first + " ")
        }
        var prefix = Substring(first)
        for candidate in unique.dropFirst() {
            prefix = prefix.prefix(zip(prefix, candidate).prefix { $0 == $1 }.count)
        }
        if prefix.count > word.count {
            return .replaceWord(with: String(prefix))
        }
        return .list(unique)
    }

    /// The lines that show `candidates` in columns, top to bottom then left to right, as wide as
    /// `width` allows (one column at least).
    public static func columns(_ candidates: [String], width: Int) -> [String] {
        guard !candidates.isEmpty else { return [] }
        let cellWidth = (candidates.map(\.count).max() ?? 0) + 2
        let columnCount = max(1, min(candidates.count, (width + 2) / cellWidth))
        let rowCount = (candidates.count + columnCount - 1) / columnCount
        return (0..<rowCount).map { row in
            let cells = stride(from: row, to: candidates.count, by: rowCount).map { candidates[$0] }
            let padded = cells.dropLast().map { $0 + String(repeating: " ", count: cellWidth - $0.count) }
            return padded.joined() + (cells.last ?? "")
        }
    }
}
