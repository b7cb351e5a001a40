import Testing
import TribLanguage

/// Expressions, parsed as the value of `let v = …`.
@Suite struct ExpressionParsingTests {
    static let table: [(String, String)] = [
        // literals
        ("42", "42"),
        ("-1", "-1"),
        ("true", "true"),
        ("false", "false"),
        ("nil", "nil"),
        ("\"\"", "\"\""),
        ("\"a \\\"quoted\\\" \\$5\"", "\"a \\\"quoted\\\" $5\""),
        ("CONFIG", "CONFIG"),
        ("--replace", "--replace"),
        ("-v", "-v"),
        ("127.0.0.1:7000", "127.0.0.1:7000"),
        ("[::1]:7000", "[::1]:7000"),
        ("redis-a.internal:7000", "redis-a.internal:7000"),
        ("127.0.0.1", "127.0.0.1"),
        ("0-16383", "(range 0 16383)"),
        ("7-7", "(range 7 7)"),
        ("[]", "(list)"),
        ("[1, 2-3, \"x\",]", "(list 1 (range 2 3) \"x\")"),
        ("[[1], [2, 3]]", "(list (list 1) (list 2 3))"),
        // interpolation
        ("\"$n.addr has ${count($n.slots)} slots\"", "(string $n.addr \" has \" (call count $n.slots) \" slots\")"),
        ("\"${ \"inner ${$x}\" }\"", "(string (string \"inner \" $x))"),
        ("\"$n.\"", "(string $n \".\")"),
        ("127.0.0.1:$port", "(word \"127.0.0.1:\" $port)"),
        ("[::1]:$port", "(word \"[::1]:\" $port)"),
        ("node-${i}.internal:7000", "(word \"node-\" $i \".internal:7000\")"),
        ("$host:7000", "(word $host \":7000\")"),
        ("${host}:${port}", "(word $host \":\" $port)"),
        ("\"${port}\"", "(string $port)"),
        ("${$port}", "$port"),
        ("pre\"fix \"$x", "(word \"pre\" \"fix \" $x)"),
        ("${1 == 1}", "(== 1 1)"),
        // ranges from variables: `-` with no spaces
        ("$lo-$hi", "(range $lo $hi)"),
        ("0-$n", "(range 0 $n)"),
        ("$n-100", "(range $n 100)"),
        ("${$a}-${count($b)}", "(range $a (call count $b))"),
        ("$a-b", "(word $a \"-b\")"),
        ("1-$a-2", "(word \"1-\" $a \"-2\")"),
        // variables, attributes, indexing, calls
        ("$n.master.addr", "$n.master.addr"),
        ("$list[0]", "$list[0]"),
        ("$list[$i].addr", "$list[$i].addr"),
        ("$m[0][1]", "$m[0][1]"),
        ("node(127.0.0.1:7000).role", "(call node 127.0.0.1:7000).role"),
        ("masters()[0]", "(call masters)[0]"),
        ("(masters()).count", "(call masters).count"),
        ("f(a, b, c)", "(call f a b c)"),
        ("f(\n  a,\n  b\n)", "(call f a b)"),
        ("slots(0-100, 200)", "(call slots (range 0 100) 200)"),
        // operators and precedence
        ("$a == 1", "(== $a 1)"),
        ("$a==1", "(== $a 1)"),
        ("$a != $b", "(!= $a $b)"),
        ("$a < 1 || $a >= 10 && $b <= 2", "(|| (< $a 1) (&& (>= $a 10) (<= $b 2)))"),
        ("!$a && $b", "(&& (! $a) $b)"),
        ("!($a && $b)", "(! (&& $a $b))"),
        ("!!$a", "(! (! $a))"),
        ("$a > 1 == true", "(> $a 1)"),
        ("5 in $n.slots", "(in 5 $n.slots)"),
        ("$n in masters() && !($n in replicas())", "(&& (in $n (call masters)) (! (in $n (call replicas))))"),
        ("$a - $b", "(- $a $b)"),
        ("7000 + $i * 2", "(+ 7000 (* $i 2))"),
        ("(7000 + $i) * 2", "(* (+ 7000 $i) 2)"),
        ("$a - 1 - 2", "(- (- $a 1) 2)"),
        ("$a / 2 % 3", "(% (/ $a 2) 3)"),
        ("$a + 1 == $b - 1", "(== (+ $a 1) (- $b 1))"),
        ("count($x) - 1", "(- (call count $x) 1)"),
    ]

    @Test(arguments: table)
    func parses(_ input: String, _ expected: String) {
        if input == "$a > 1 == true" {
            // Comparisons do not chain; covered with its diagnostic elsewhere.
            #expect(Parser.parse("let v = \(input)").diagnostics.map(\.id) == [.chainedComparison])
            return
        }
        #expect(parseClean("let v = \(input)") == "(let v \(expected))")
    }

    @Test func parenthesesWidenTheRange() {
        let source = SourceFile(name: "t", text: "let v = ( $a )")
        guard case .declaration(_, let value) = Parser.parse(source).statements.first?.kind else {
            Issue.record("no declaration")
            return
        }
        #expect(source.text(in: value.range) == "( $a )")
    }

    @Test func rangeBoundsHaveTheirOwnRanges() {
        let source = SourceFile(name: "t", text: "let v = 100-199")
        guard case .declaration(_, let value) = Parser.parse(source).statements.first?.kind,
            case .range(let lower, let upper) = value.kind
        else {
            Issue.record("no range")
            return
        }
        #expect(source.text(in: lower.range) == "100")
        #expect(source.text(in: upper.range) == "199")
    }
}
