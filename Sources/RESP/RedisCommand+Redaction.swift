import NIOCore

extension RedisCommand: CustomStringConvertible {
    /// The text that stands in for a password wherever a command is shown.
    public static let redactedText = "(redacted)"

    /// The command as redis-cli would echo it, with passwords replaced by `(redacted)`.
    ///
    /// Every renderer (`-v`, a dry run's "would send", error messages, JSON) prints commands
    /// through this, so the rules of ``secretArgumentIndices`` apply everywhere.
    public var description: String {
        let secret = secretArgumentIndices
        return arguments.enumerated().map { index, argument in
            if secret.contains(index) { return Self.redactedText }
            let text = String(decoding: argument.readableBytesView, as: UTF8.self)
            let plain = argument.readableBytesView.allSatisfy { (0x21...0x7e).contains($0) && $0 != UInt8(ascii: "\"") }
            return plain && !text.isEmpty ? text : RESPValue.quoted(argument)
        }.joined(separator: " ")
    }

    /// The positions of arguments that carry a password and must never be printed or logged.
    public var secretArgumentIndices: Set<Int> {
        guard let first = arguments.first, Self.mayCarrySecret(String(decoding: first.readableBytesView, as: UTF8.self).uppercased()) else {
            return []
        }
        let upper = arguments.map { String(decoding: $0.readableBytesView, as: UTF8.self).uppercased() }
        return Self.secretIndices(inUppercased: upper)
    }

    /// Whether any argument carries a password.
    public var carriesSecret: Bool {
        !secretArgumentIndices.isEmpty
    }

    /// `message` (a server's error reply to this command, say) with every password this command
    /// carries replaced by `(redacted)`: servers quote the argument they reject, an ACL rule included.
    public func redacting(_ message: String) -> String {
        var text = message
        for index in secretArgumentIndices.sorted() {
            let secret = String(decoding: arguments[index].readableBytesView, as: UTF8.self)
            guard !secret.isEmpty else { continue }
            text = text.replacing(secret, with: Self.redactedText)
            // An ACL rule's password follows its `>`, `<`, `#` or `!`; a message may quote it alone.
            if let head = secret.first, Self.passwordRulePrefixes.contains(head), secret.count > 1 {
                text = text.replacing(String(secret.dropFirst()), with: Self.redactedText)
            }
        }
        return text
    }

    /// `reply` with the passwords of this command taken out of its text when it is an error.
    public func redacting(_ reply: RESPValue) -> RESPValue {
        guard case .error(let buffer) = reply, carriesSecret else { return reply }
        return .error(ByteBuffer(string: redacting(String(decoding: buffer.readableBytesView, as: UTF8.self))))
    }

    /// Words that may hold a Redis command somewhere (a redis-trib command line such as
    /// `execute NODE CONFIG SET requirepass x`, or a line of the shell), with every word that a
    /// command starting at any of them would carry as a password replaced by `(redacted)`.
    ///
    /// Every word is tried as the start of a command, so a few harmless words may be hidden too;
    /// a password never shows.
    public static func redactedWords(_ words: [String]) -> [String] {
        let secret = secretWordIndices(words)
        guard !secret.isEmpty else { return words }
        return words.enumerated().map { secret.contains($0.offset) ? redactedText : $0.element }
    }

    /// Whether any command starting at one of `words` carries a password (see ``redactedWords(_:)``).
    public static func carriesSecret(words: [String]) -> Bool {
        !secretWordIndices(words).isEmpty
    }

    /// Where the words of `text` lie that a Redis command starting at any of its words would carry
    /// as a password (``redactedWords(_:)``), in order.
    ///
    /// Words end at whitespace (line breaks included), quotes, brackets, commas and semicolons, so a
    /// redis-trib line (`execute n CONFIG SET requirepass "pw"`) and a shell line alike are split
    /// the way a command would take them; the passwords of connection strings (`redis://u:pw@h:1`) are
    /// found in the text whole. One splitter for every caller: the shell history asks whether there
    /// is any, a diagnostic masks them in the line it quotes.
    public static func secretRanges(in text: String) -> [Range<String.Index>] {
        let words = text.split { $0.isWhitespace || "\"'()[]{},;".contains($0) }
        let secretWords = secretWordIndices(words.map(String.init)).map { words[$0].startIndex..<words[$0].endIndex }
        // Passwords of connection strings, found in the text itself: they may hold the characters words end at.
        var merged: [Range<String.Index>] = []
        for range in (secretWords + ConnectionURI.passwordRanges(in: text)).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// `line` with every password in it (``secretRanges(in:)``) replaced by as many `*` as it has
    /// UTF-8 bytes, so that a caret under the line stays where it was and no password shows.
    public static func maskingSecrets(inLine line: String) -> String {
        let ranges = secretRanges(in: line)
        guard !ranges.isEmpty else { return line }
        var masked = ""
        var rest = line.startIndex
        for range in ranges {
            masked += line[rest..<range.lowerBound]
            masked += String(repeating: "*", count: line.utf8[range].count)
            rest = range.upperBound
        }
        return masked + line[rest...]
    }

    private static func secretWordIndices(_ words: [String]) -> Set<Int> {
        let upper = words.map { $0.uppercased() }
        var secret = Set<Int>()
        for start in upper.indices where mayCarrySecret(upper[start]) {
            secret.formUnion(secretIndices(inUppercased: Array(upper[start...])).map { $0 + start })
        }
        // A redis-trib option whose value is a password: `--from-pass PW` or `--from-pass=PW`.
        for (index, word) in upper.enumerated() {
            if secretOptions.contains(word), index + 1 < upper.count {
                secret.insert(index + 1)
            } else if secretOptions.contains(where: { word.hasPrefix($0 + "=") }) {
                secret.insert(index)
            }
        }
        return secret
    }

    /// The options of redis-trib's commands whose value is a password (`import`'s source password).
    static let secretOptions: Set<String> = ["--FROM-PASS", "--CLUSTER-FROM-PASS"]

    /// The first characters of `ACL SETUSER` rules that hold a password or its hash.
    static let passwordRulePrefixes: Set<Character> = [">", "<", "#", "!"]

    /// The `CONFIG SET` parameters whose value is a password or the user that goes with one.
    static let secretSettings: Set<String> = [
        "REQUIREPASS", "MASTERAUTH", "PRIMARYAUTH", "MASTERUSER", "PRIMARYUSER",
        "TLS-KEY-FILE-PASS", "TLS-CLIENT-KEY-FILE-PASS",
    ]

    /// The command names whose arguments may hold a password.
    private static func mayCarrySecret(_ name: String) -> Bool {
        ["AUTH", "HELLO", "CONFIG", "MIGRATE", "ACL", "SENTINEL"].contains(name)
    }

    /// The rules, on the words of one command in upper case.
    private static func secretIndices(inUppercased upper: [String]) -> Set<Int> {
        var secret = Set<Int>()
        switch upper.first {
        case "AUTH":
            secret.formUnion(1..<upper.count)
        case "HELLO":
            if let auth = upper.firstIndex(of: "AUTH") {
                secret.formUnion((auth + 1)..<min(auth + 3, upper.count))
            }
        case "CONFIG" where upper.count > 2 && upper[1] == "SET":
            for index in stride(from: 2, to: upper.count - 1, by: 2) where secretSettings.contains(upper[index]) {
                secret.insert(index + 1)
            }
        case "SENTINEL" where upper.count > 3 && upper[1] == "SET":
            for index in stride(from: 3, to: upper.count - 1, by: 2) where ["AUTH-PASS", "AUTH-USER"].contains(upper[index]) {
                secret.insert(index + 1)
            }
        case "ACL" where upper.count > 3 && upper[1] == "SETUSER":
            for index in 3..<upper.count {
                if let head = upper[index].first, passwordRulePrefixes.contains(head) {
                    secret.insert(index)
                }
            }
        case "MIGRATE":
            // Options follow the five fixed arguments; KEYS ends them (a key may be named AUTH).
            var index = 6
            while index < upper.count, upper[index] != "KEYS" {
                if upper[index] == "AUTH" {
                    secret.insert(index + 1)
                    index += 2
                } else if upper[index] == "AUTH2" {
                    secret.insert(index + 2)
                    index += 3
                } else {
                    index += 1
                }
            }
        default:
            break
        }
        return secret.filter { $0 < upper.count }
    }
}
