/// Which bytes play which part in the lexical grammar; all syntax is ASCII, and every byte of a
/// non-ASCII character counts as a word character.
enum ByteClass {
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// The first character of a variable or attribute name.
    static func isNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_")
    }

    /// A later character of a variable or attribute name.
    static func isNameContinuation(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte)
    }

    /// Punctuation that may stand anywhere in a bare word: `.` and `:` for addresses, `-` for
    /// ranges and flags, `/` and `~` for paths, `*` and `?` for key patterns.
    private static let wordPunctuation: Set<UInt8> = Set("_.:-/+*@%~^?".utf8)

    /// A byte that can start a bare word.
    static func isWordStart(_ byte: UInt8) -> Bool {
        byte >= 0x80 || isLetter(byte) || isDigit(byte) || wordPunctuation.contains(byte)
    }

    /// A byte that can continue a bare word: a `#` inside a word is text, not a comment.
    static func isWordContinuation(_ byte: UInt8) -> Bool {
        isWordStart(byte) || byte == UInt8(ascii: "#")
    }

    /// Horizontal whitespace between tokens (a lone carriage return counts, so `\r\n` works).
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == 0x0B
            || byte == 0x0C
    }

    /// Whether a name is made only of name characters: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isNameStart(first) else { return false }
        return bytes.dropFirst().allSatisfy(isNameContinuation)
    }

    /// Whether a word can name a command or a function: a name that may also contain `-`
    /// after its first character (`join_no_load`, `add-node`).
    static func isCommandName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isNameStart(first) else { return false }
        return bytes.dropFirst().allSatisfy { isNameContinuation($0) || $0 == UInt8(ascii: "-") }
    }
}
