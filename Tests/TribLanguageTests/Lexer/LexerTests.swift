import Testing
import TribLanguage

/// A compact spelling of a token kind for table tests: `word(x)`, `$x`, `.x`, `"<`, `text(x)`,
/// `>"`, `${`, `(`, `nl`, `==`, `eof` …
func spelling(_ kind: Token.Kind) -> String {
    switch kind {
    case .word(let text): "word(\(text))"
    case .variable(let name): "$\(name)"
    case .attribute(let name): ".\(name)"
    case .stringStart: "\"<"
    case .stringText(let text): "text(\(text))"
    case .stringEnd: ">\""
    case .interpolationStart: "${"
    case .leftParenthesis: "("
    case .rightParenthesis: ")"
    case .leftBracket: "["
    case .rightBracket: "]"
    case .leftBrace: "{"
    case .rightBrace: "}"
    case .comma: ","
    case .semicolon: ";"
    case .newline: "nl"
    case .assign: "="
    case .equal: "=="
    case .notEqual: "!="
    case .less: "<"
    case .lessOrEqual: "<="
    case .greater: ">"
    case .greaterOrEqual: ">="
    case .and: "&&"
    case .or: "||"
    case .not: "!"
    case .endOfFile: "eof"
    }
}

func lex(_ text: String) -> TokenStream {
    Lexer.tokenize(SourceFile(name: "test.trib", text: text))
}

/// The tokens of a text, spelled, without the final `eof`.
func spelledTokens(_ text: String) -> String {
    lex(text).tokens.dropLast().map { spelling($0.kind) }.joined(separator: " ")
}

@Suite struct LexerTests {
    static let table: [(String, String)] = [
        // words: names, numbers, addresses, ranges, flags, paths, patterns
        ("connect 127.0.0.1:7000", "word(connect) word(127.0.0.1:7000)"),
        ("[::1]:7000", "word([::1]:7000)"),
        ("[fe80::1:2]:$port", "word([fe80::1:2]:) $port"),
        ("host.name:7000", "word(host.name:7000)"),
        ("127.0.0.1:$port", "word(127.0.0.1:) $port"),
        ("4-7 7003-7005", "word(4-7) word(7003-7005)"),
        ("--replace -v --", "word(--replace) word(-v) word(--)"),
        ("KEYS user:* scripts/a.trib", "word(KEYS) word(user:*) word(scripts/a.trib)"),
        ("héllo", "word(héllo)"),
        ("a#b #c", "word(a#b)"),
        // variables and attributes
        ("$n.master.addr", "$n .master .addr"),
        ("$1 $12x", "$1 $12 word(x)"),
        ("\"a$1b\"", "\"< text(a) $1 text(b) >\""),
        ("$n. x", "$n word(.) word(x)"),
        ("$n .x", "$n word(.x)"),
        ("node(x).role $l[0].addr", "word(node) ( word(x) ) .role $l [ word(0) ] .addr"),
        ("${a}.b", "${ word(a) } word(.b)"),
        // strings
        ("\"a\\n\\t\\\"\\\\\\$b\"", "\"< text(a\n\t\"\\$b) >\""),
        ("\"\"", "\"< >\""),
        (
            "\"$n.addr has ${count($n.slots)} slots.\"",
            "\"< $n .addr text( has ) ${ word(count) ( $n .slots ) } text( slots.) >\""
        ),
        ("\"x ${ \"in}\" } y\"", "\"< text(x ) ${ \"< text(in}) >\" } text( y) >\""),
        ("\"two\nlines\"", "\"< text(two\nlines) >\""),
        ("\"a\\\nb\"", "\"< text(ab) >\""),
        // operators and punctuation
        ("a == b != c < d <= e > f >= g", "word(a) == word(b) != word(c) < word(d) <= word(e) > word(f) >= word(g)"),
        ("!$x && $y || $z", "! $x && $y || $z"),
        ("let x=1;y = [1, 2]", "word(let) word(x) = word(1) ; word(y) = [ word(1) , word(2) ]"),
        ("if x { a }", "word(if) word(x) { word(a) }"),
        // newlines: significant at top level and in blocks, not inside brackets
        ("a\nb", "word(a) nl word(b)"),
        ("{\na\n}", "{ nl word(a) nl }"),
        ("f(a,\nb)", "word(f) ( word(a) , word(b) )"),
        ("[a,\nb]", "[ word(a) , word(b) ]"),
        ("a \\\n b", "word(a) word(b)"),
        ("a\r\nb", "word(a) nl word(b)"),
        ("a # comment\nb", "word(a) nl word(b)"),
    ]

    @Test(arguments: table)
    func tokenizes(_ input: String, _ expected: String) {
        let stream = lex(input)
        #expect(stream.diagnostics.isEmpty, "\(stream.diagnostics)")
        #expect(spelledTokens(input) == expected)
    }

    @Test func endsWithEndOfFileAtTheEnd() {
        let stream = lex("echo hi\n")
        #expect(stream.tokens.last?.kind == .endOfFile)
        #expect(stream.tokens.last?.range.start == TribLanguage.SourceLocation(offset: 8, line: 2, column: 1))
        #expect(lex("").tokens.map(\.kind) == [.endOfFile])
    }

    @Test func tokenRangesCountColumnsInCharacters() {
        let stream = lex("echo \"héllo 👍🏽\" $x")
        let variable = stream.tokens.first { $0.kind == .variable("x") }
        // `👍🏽` is two scalars and eight bytes, but one character.
        #expect(variable?.range.start.column == 16)
        #expect(variable?.range.start.offset == "echo \"héllo 👍🏽\" ".utf8.count)
    }

    @Test(arguments: [
        "echo \"\u{301}abc\" $x", "echo é\u{301} $x", "echo \"a\" \"\u{301}\u{301}\"$x", "\r\n\"\r\n\" $x",
    ])
    func columnsAgreeWithTheExactLookupAroundCombiningMarks(_ input: String) {
        let source = SourceFile(name: "t", text: input)
        for token in Lexer.tokenize(source).tokens {
            #expect(token.range.start == source.location(at: token.range.start.offset), "\(token)")
            #expect(token.range.end == source.location(at: token.range.end.offset), "\(token)")
        }
    }

    static let incompleteInputs: [(String, Bool)] = [
        ("for n in masters() {", true),
        ("for n in masters() {\n echo $n\n", true),
        ("for n in masters() { echo $n }", false),
        ("echo count(", true),
        ("let l = [1,", true),
        ("echo \"abc", true),
        ("echo \"a ${count(", true),
        ("echo a \\", true),
        ("echo a \\\n", true),
        ("echo a \\\nb", false),
        ("echo a }", false),
        ("echo )", false),
        ("", false),
        ("# only { a comment", false),
    ]

    @Test(arguments: incompleteInputs)
    func knowsIncompleteInput(_ input: String, _ isIncomplete: Bool) {
        #expect(lex(input).isIncomplete == isIncomplete)
        #expect(Parser.isIncomplete(input) == isIncomplete)
        #expect(Parser.parse(input).isIncomplete == isIncomplete)
    }
}
