import RESP
import TribLanguage

extension SourceFile {
    /// This source with every password a Redis command in it carries (``RESP/RedisCommand/redactedWords(_:)``)
    /// replaced by `*`s, byte for byte, so that a diagnostic that quotes a line keeps its caret
    /// where it was and shows no password.
    var maskingSecrets: SourceFile {
        var bytes = Array(text.utf8)
        var changed = false
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var words: [(range: Range<Int>, text: String)] = []
            var index = lineStart
            while index < lineEnd {
                guard !Self.separates(bytes[index]) else {
                    index += 1
                    continue
                }
                let start = index
                while index < lineEnd, !Self.separates(bytes[index]) { index += 1 }
                words.append((start..<index, String(decoding: bytes[start..<index], as: UTF8.self)))
            }
            let shown = RedisCommand.redactedWords(words.map(\.text))
            for (word, text) in zip(words, shown) where text != word.text {
                bytes.replaceSubrange(word.range, with: repeatElement(UInt8(ascii: "*"), count: word.range.count))
                changed = true
            }
            lineStart = lineEnd + 1
        }
        return changed ? SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self), firstLine: firstLine) : self
    }

    private static func separates(_ byte: UInt8) -> Bool {
        " \t\r\"'()[]{},;".utf8.contains(byte)
    }
}
