import Testing
import TribLanguage

@Suite struct StatementParsingTests {
    static let table: [(String, String)] = [
        // declarations and assignments
        ("let x = 1", "(let x 1)"),
        ("let ms = masters(127.0.0.1:7000)", "(let ms (call masters 127.0.0.1:7000))"),
        (
            "let r = migrate_slots($src, $dst, 0-7, --replace)",
            "(let r (call migrate_slots $src $dst (range 0 7) --replace))"
        ),
        ("x = 2", "(set x 2)"),
        ("x=$x", "(set x $x)"),
        // loops and control
        ("for n in masters() { echo $n }", "(for n (call masters) (block (echo $n)))"),
        (
            "for n in [1, 2] {\n  if $n == 2 { break }\n  continue\n}",
            "(for n (list 1 2) (block (if (== $n 2) (block (break))) (continue)))"
        ),
        ("for n in nodes() {}", "(for n (call nodes) (block))"),
        // conditionals
        ("if $a { echo a }", "(if $a (block (echo a)))"),
        ("if $a { echo a } else { echo b }", "(if $a (block (echo a)) else (block (echo b)))"),
        (
            "if $a { echo a } else if $b { echo b } else if $c { echo c } else { echo d }",
            "(if $a (block (echo a)) elif $b (block (echo b)) elif $c (block (echo c)) else (block (echo d)))"
        ),
        ("if $a {\n  echo a\n}\nelse {\n  echo b\n}", "(if $a (block (echo a)) else (block (echo b)))"),
        ("if $a { echo a }\necho b", "(if $a (block (echo a)))\n(echo b)"),
        // echo and source
        ("echo", "(echo)"),
        ("echo \"a\" b $c ${1} (1 == 1)", "(echo \"a\" b $c 1 (== 1 1))"),
        ("source scripts/setup.trib", "(source scripts/setup.trib)"),
        ("source \"my file.trib\"", "(source \"my file.trib\")"),
        // command statements
        ("migrate_slots $src $dst 0 2 4-7 --replace", "(command migrate_slots $src $dst 0 2 (range 4 7) --replace)"),
        (
            "execute 127.0.0.1:7000 --masters-only CONFIG GET maxmemory",
            "(command execute 127.0.0.1:7000 --masters-only CONFIG GET maxmemory)"
        ),
        (
            "join_no_load $src node(127.0.0.1:7001) [1, 2] (count($x))",
            "(command join_no_load $src (call node 127.0.0.1:7001) (list 1 2) (call count $x))"
        ),
        ("add-node 127.0.0.1:7006 127.0.0.1:7000", "(command add-node 127.0.0.1:7006 127.0.0.1:7000)"),
        ("check", "(command check)"),
        ("execute $n KEYS user:* -", "(command execute $n KEYS user:* -)"),
        // expression statements
        ("masters()", "(expr (call masters))"),
        ("$src", "(expr $src)"),
        ("count($n.slots) == 0", "(expr (== (call count $n.slots) 0))"),
        ("127.0.0.1:7000", "(expr 127.0.0.1:7000)"),
        ("true", "(expr true)"),
        // separators and comments
        ("a; b;; c", "(command a)\n(command b)\n(command c)"),
        ("\n\n# only\n  a # trailing\n\n", "(command a)"),
        ("if $a { a; b }", "(if $a (block (command a) (command b)))"),
        ("{ echo a }", ""),
    ]

    @Test(arguments: table)
    func parses(_ input: String, _ expected: String) {
        if input == "{ echo a }" {
            // A bare block is not a statement.
            #expect(Parser.parse(input).hasErrors)
            return
        }
        #expect(parseClean(input) == expected)
    }

    @Test func statementRangesExcludeTerminatorsAndComments() {
        let source = SourceFile(name: "t", text: "let x = 1 # one\nif $x { echo a }; echo b\n")
        let script = Parser.parse(source)
        #expect(script.statements.map { source.text(in: $0.range) } == ["let x = 1", "if $x { echo a }", "echo b"])
    }

    @Test func namesKeepTheirRanges() throws {
        let source = SourceFile(name: "t", text: "for node in nodes() { migrate_slots $node.addr x }")
        let script = Parser.parse(source)
        guard case .forLoop(let variable, _, _, let body) = script.statements.first?.kind,
            case .command(let name, let arguments) = body.statements.first?.kind,
            case .attribute(_, let attribute) = arguments.first?.kind
        else {
            Issue.record("unexpected tree \(script.debugDescription)")
            return
        }
        #expect(source.text(in: variable.range) == "node")
        #expect(source.text(in: name.range) == "migrate_slots")
        #expect(source.text(in: attribute.range) == "addr")
        #expect(source.text(in: body.range) == "{ migrate_slots $node.addr x }")
    }
}
