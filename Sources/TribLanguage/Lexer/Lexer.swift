/// Splits source text into tokens, in one pass, without ever failing.
///
/// The lexer keeps a stack of open delimiters, which does three jobs: it knows when it is inside
/// a string (and when a `}` ends an interpolation and returns to the string), it drops line breaks
/// inside `(`, `[` and `${ }` so that they continue the statement, and what is left on it at the
/// end tells a REPL that the input is incomplete. Problems become diagnostics and the lexer goes
/// on; every byte is consumed exactly once, so it cannot loop.
public struct Lexer {
    private let source: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    private var tracker: LocationTracker
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []
    private var openDelimiters: [OpenDelimiter] = []
    private var endsWithLineContinuation = false

    private init(source: SourceFile) {
        self.source = source
        self.bytes = source.utf8
        self.tracker = LocationTracker(source: source)
    }

    /// Tokenizes a whole source file.
    public static func tokenize(_ source: SourceFile) -> TokenStream {
        var lexer = Lexer(source: source)
        lexer.run()
        return TokenStream(
            tokens: lexer.tokens,
            diagnostics: lexer.diagnostics,
            unclosedDelimiters: lexer.openDelimiters,
            endsWithLineContinuation: lexer.endsWithLineContinuation
        )
    }

    // MARK: - Driving

    private mutating func run() {
        while index < bytes.count {
            if openDelimiters.last?.kind == .string {
                lexStringContent()
                continue
            }
            skipTrivia()
            guard index < bytes.count else { break }
            lexToken()
        }
        if let string = openDelimiters.last(where: { $0.kind == .string }) {
            report(.unterminatedString, "unterminated string: missing closing `\"`", at: string.range)
        }
        emit(.endOfFile, from: bytes.count)
    }

    private mutating func skipTrivia() {
        while index < bytes.count {
            let byte = bytes[index]
            if ByteClass.isBlank(byte) {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    index += 1
                }
            } else if byte == UInt8(ascii: "\\"), let length = lineContinuationLength(at: index) {
                index += length
            } else if byte == UInt8(ascii: "\n"), openDelimiters.last?.kind.continuesLines == true {
                index += 1
            } else {
                return
            }
        }
    }

    /// The length of a `\` line continuation at `position` (`\` then `\n` or `\r\n`, or `\` at the
    /// very end), or `nil` when the backslash continues nothing; notes when it ends the input.
    private mutating func lineContinuationLength(at position: Int) -> Int? {
        if position + 1 == bytes.count {
            endsWithLineContinuation = true
            return 1
        }
        let length: Int
        if byte(at: position + 1) == UInt8(ascii: "\n") {
            length = 2
        } else if byte(at: position + 1) == UInt8(ascii: "\r"), byte(at: position + 2) == UInt8(ascii: "\n") {
            length = 3
        } else {
            return nil
        }
        // A continued line with nothing after it is still waiting for its continuation.
        if position + length == bytes.count {
            endsWithLineContinuation = true
        }
        return length
    }

    // MARK: - Code

    private mutating func lexToken() {
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "\n"):
            index += 1
            emit(.newline, from: start)
        case UInt8(ascii: "\""):
            index += 1
            let range = emit(.stringStart, from: start)
            openDelimiters.append(OpenDelimiter(kind: .string, range: range))
        case UInt8(ascii: "$"):
            lexDollar()
        case UInt8(ascii: "("):
            open(.leftParenthesis, .parenthesis)
        case UInt8(ascii: "["):
            if isBracketedIPv6Address(at: index) {
                lexWord()
            } else {
                open(.leftBracket, .bracket)
            }
        case UInt8(ascii: "{"):
            open(.leftBrace, .brace)
        case UInt8(ascii: ")"):
            close(.rightParenthesis, matching: [.parenthesis])
        case UInt8(ascii: "]"):
            close(.rightBracket, matching: [.bracket])
        case UInt8(ascii: "}"):
            close(.rightBrace, matching: [.brace, .interpolation])
        case UInt8(ascii: ","):
            index += 1
            emit(.comma, from: start)
        case UInt8(ascii: ";"):
            index += 1
            emit(.semicolon, from: start)
        case UInt8(ascii: "="):
            lexOperator(single: .assign, double: .equal)
        case UInt8(ascii: "!"):
            lexOperator(single: .not, double: .notEqual)
        case UInt8(ascii: "<"):
            lexOperator(single: .less, double: .lessOrEqual)
        case UInt8(ascii: ">"):
            lexOperator(single: .greater, double: .greaterOrEqual)
        case UInt8(ascii: "&"):
            lexDoubledOperator(.and, spelled: "&&")
        case UInt8(ascii: "|"):
            lexDoubledOperator(.or, spelled: "||")
        case UInt8(ascii: "."):
            if startsAttribute(at: index) {
                lexAttribute()
            } else {
                lexWord()
            }
        case UInt8(ascii: "'"):
            lexSingleQuotedString()
        case let byte where ByteClass.isWordStart(byte):
            lexWord()
        default:
            index += 1
            let range = rangeFrom(start)
            let byte = bytes[start]
            let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "U+\(hex(byte))"
            report(.invalidCharacter, "invalid character \(shown) in the script", at: range)
        }
    }

    private mutating func open(_ kind: Token.Kind, _ delimiter: OpenDelimiter.Kind) {
        let start = index
        index += 1
        let range = emit(kind, from: start)
        openDelimiters.append(OpenDelimiter(kind: delimiter, range: range))
    }

    /// Emits a closer and pops the nearest matching opener, with whatever is open above it;
    /// an opener is never searched for past a string, and a closer with no opener pops nothing
    /// (the parser reports it).
    private mutating func close(_ kind: Token.Kind, matching kinds: Set<OpenDelimiter.Kind>) {
        let start = index
        index += 1
        emit(kind, from: start)
        var position = openDelimiters.count - 1
        while position >= 0, openDelimiters[position].kind != .string {
            if kinds.contains(openDelimiters[position].kind) {
                openDelimiters.removeSubrange(position...)
                return
            }
            position -= 1
        }
    }

    private mutating func lexOperator(single: Token.Kind, double: Token.Kind) {
        let start = index
        if byte(at: index + 1) == UInt8(ascii: "=") {
            index += 2
            emit(double, from: start)
        } else {
            index += 1
            emit(single, from: start)
        }
    }

    /// `&&` or `||`; a single `&` or `|` is reported and read as the doubled operator, so the
    /// parser sees what was almost certainly meant and reports nothing more.
    private mutating func lexDoubledOperator(_ kind: Token.Kind, spelled spelling: String) {
        let start = index
        let character = bytes[index]
        if byte(at: index + 1) == character {
            index += 2
            emit(kind, from: start)
            return
        }
        index += 1
        let range = emit(kind, from: start)
        report(
            .invalidCharacter,
            "`\(Character(Unicode.Scalar(character)))` is not an operator; use `\(spelling)`",
            at: range,
            suggestion: Suggestion("use `\(spelling)`", replacing: range, with: spelling)
        )
    }

    private mutating func lexDollar() {
        let start = index
        if byte(at: index + 1) == UInt8(ascii: "{") {
            index += 2
            let range = emit(.interpolationStart, from: start)
            openDelimiters.append(OpenDelimiter(kind: .interpolation, range: range))
        } else if let next = byte(at: index + 1), ByteClass.isNameStart(next) {
            lexVariable()
        } else if let next = byte(at: index + 1), ByteClass.isDigit(next) {
            lexPositionalVariable()
        } else {
            // Read as the word `$`, so the parser has something to stand on and adds nothing.
            index += 1
            let range = emit(.word("$"), from: start)
            report(
                .invalidVariable,
                "expected a variable name, a digit or `{` after `$`",
                at: range,
                suggestion: Suggestion("write `\"\\$\"` for a literal dollar sign")
            )
        }
    }

    /// `$name`, with `index` at the `$` and a name character after it.
    private mutating func lexVariable() {
        let start = index
        index += 1
        let name = readName()
        emit(.variable(name), from: start)
    }

    /// `$1`, `$2`, …: a script argument, with `index` at the `$` and a digit after it.
    private mutating func lexPositionalVariable() {
        let start = index
        index += 1
        let digitsStart = index
        while index < bytes.count, ByteClass.isDigit(bytes[index]) {
            index += 1
        }
        emit(.variable(String(decoding: bytes[digitsStart..<index], as: UTF8.self)), from: start)
    }

    /// Whether the `.` at `position` starts an attribute: it touches a variable, an attribute,
    /// `)` or `]` before it, and a name character follows.
    private func startsAttribute(at position: Int) -> Bool {
        guard let previous = tokens.last, previous.range.end.offset == position,
            let next = byte(at: position + 1), ByteClass.isNameStart(next)
        else { return false }
        switch previous.kind {
        case .variable, .attribute, .rightParenthesis, .rightBracket: return true
        default: return false
        }
    }

    /// `.name`, with `index` at the `.`.
    private mutating func lexAttribute() {
        let start = index
        index += 1
        let name = readName()
        emit(.attribute(name), from: start)
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, ByteClass.isNameContinuation(bytes[index]) {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Whether a `[` starts a bracketed IPv6 address with a port, as `[::1]:7000` or
    /// `[fe80::1]:$port`: hex digits, dots and at least two colons, then `]:` and a digit or `$`.
    private func isBracketedIPv6Address(at position: Int) -> Bool {
        var cursor = position + 1
        var colons = 0
        while let byte = byte(at: cursor),
            ByteClass.isHexDigit(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        {
            if byte == UInt8(ascii: ":") { colons += 1 }
            cursor += 1
        }
        guard colons >= 2, byte(at: cursor) == UInt8(ascii: "]"), byte(at: cursor + 1) == UInt8(ascii: ":"),
            let portStart = byte(at: cursor + 2)
        else { return false }
        return ByteClass.isDigit(portStart) || portStart == UInt8(ascii: "$")
    }

    /// A bare word; a leading bracketed IPv6 address is part of it.
    private mutating func lexWord() {
        let start = index
        if bytes[index] == UInt8(ascii: "[") {
            while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                index += 1
            }
            index += 1
        }
        while index < bytes.count, ByteClass.isWordContinuation(bytes[index]) {
            index += 1
        }
        emit(.word(String(decoding: bytes[start..<index], as: UTF8.self)), from: start)
    }

    /// `'text'` is not a string in this language; it is reported, and read as the double-quoted
    /// string it was meant to be (up to the closing `'` or the end of the line).
    private mutating func lexSingleQuotedString() {
        let start = index
        index += 1
        let textStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "'"), bytes[index] != UInt8(ascii: "\n") {
            index += 1
        }
        let textEnd = index
        let isClosed = index < bytes.count && bytes[index] == UInt8(ascii: "'")
        let text = String(decoding: bytes[textStart..<textEnd], as: UTF8.self)
        let openRange = emit(.stringStart, from: start, to: textStart)
        if textEnd > textStart {
            emit(.stringText(text), from: textStart, to: textEnd)
        }
        if isClosed {
            index += 1
        }
        let closeRange = emit(.stringEnd, from: textEnd, to: index)
        let whole = SourceRange(from: openRange, to: closeRange)
        report(
            .singleQuotedString,
            isClosed
                ? "strings are written in double quotes"
                : "strings are written in double quotes (and this one is not closed)",
            at: whole,
            suggestion: Suggestion("use double quotes", replacing: whole, with: "\"\(text)\"")
        )
    }

    // MARK: - Strings

    /// Lexes string content up to the closing `"` (popping the string), a `${` (entering code),
    /// or the end of the input.
    private mutating func lexStringContent() {
        var text: [UInt8] = []
        var textStart = index
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                flushStringText(&text, from: textStart)
                let start = index
                index += 1
                emit(.stringEnd, from: start)
                openDelimiters.removeLast()
                return
            case UInt8(ascii: "\\"):
                lexEscape(into: &text)
            case UInt8(ascii: "$"):
                if self.byte(at: index + 1) == UInt8(ascii: "{") {
                    flushStringText(&text, from: textStart)
                    lexDollar()
                    return
                }
                if let next = self.byte(at: index + 1), ByteClass.isDigit(next) {
                    flushStringText(&text, from: textStart)
                    lexPositionalVariable()
                    textStart = index
                    continue
                }
                if let next = self.byte(at: index + 1), ByteClass.isNameStart(next) {
                    flushStringText(&text, from: textStart)
                    lexVariable()
                    while self.byte(at: index) == UInt8(ascii: "."), let next = self.byte(at: index + 1),
                        ByteClass.isNameStart(next)
                    {
                        lexAttribute()
                    }
                    textStart = index
                    continue
                }
                let start = index
                index += 1
                text.append(byte)
                let range = rangeFrom(start)
                report(
                    .invalidVariable,
                    "expected a variable name, a digit or `{` after `$`",
                    at: range,
                    suggestion: Suggestion("write `\\$` for a literal dollar sign", replacing: range, with: "\\$")
                )
            default:
                text.append(byte)
                index += 1
            }
        }
        flushStringText(&text, from: textStart)
    }

    private mutating func flushStringText(_ text: inout [UInt8], from start: Int) {
        guard index > start else { return }
        emit(.stringText(String(decoding: text, as: UTF8.self)), from: start)
        text.removeAll()
    }

    /// A backslash escape inside a string, with `index` at the backslash.
    private mutating func lexEscape(into text: inout [UInt8]) {
        let start = index
        guard let escaped = byte(at: index + 1) else {
            index += 1
            return
        }
        let decoded: UInt8?
        switch escaped {
        case UInt8(ascii: "n"): decoded = UInt8(ascii: "\n")
        case UInt8(ascii: "t"): decoded = UInt8(ascii: "\t")
        case UInt8(ascii: "r"): decoded = UInt8(ascii: "\r")
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): decoded = escaped
        case UInt8(ascii: "\n"):
            // A backslash at the end of a line joins the lines, as in a shell.
            index += 2
            return
        default: decoded = nil
        }
        if let decoded {
            text.append(decoded)
            index += 2
            return
        }
        index += 1 + scalarLength(at: index + 1)
        let escapedText = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        text.append(contentsOf: bytes[(start + 1)..<index])
        report(
            .invalidEscape,
            "unknown escape `\\\(escapedText)`; strings know `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\` and `\\$`",
            at: rangeFrom(start)
        )
    }

    // MARK: - Helpers

    private func byte(at position: Int) -> UInt8? {
        position >= 0 && position < bytes.count ? bytes[position] : nil
    }

    /// The number of bytes of the UTF-8 scalar starting at `position`.
    private func scalarLength(at position: Int) -> Int {
        guard let lead = byte(at: position) else { return 0 }
        let length: Int
        switch lead {
        case 0xF0...: length = 4
        case 0xE0...: length = 3
        case 0xC0...: length = 2
        default: length = 1
        }
        return min(length, bytes.count - position)
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "00" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    private mutating func rangeFrom(_ start: Int) -> SourceRange {
        SourceRange(start: tracker.location(at: start), end: tracker.location(at: index))
    }

    @discardableResult
    private mutating func emit(_ kind: Token.Kind, from start: Int, to end: Int? = nil) -> SourceRange {
        let range = SourceRange(start: tracker.location(at: start), end: tracker.location(at: end ?? index))
        tokens.append(Token(kind, at: range))
        return range
    }

    private mutating func report(
        _ id: DiagnosticID,
        _ message: String,
        at range: SourceRange,
        suggestion: Suggestion? = nil
    ) {
        // One more than the parser shows, so that it knows more were left out.
        guard diagnostics.count <= Parser.maximumDiagnostics else { return }
        diagnostics.append(Diagnostic(id, message, at: range, suggestion: suggestion))
    }
}
