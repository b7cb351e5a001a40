import Testing
import TribLanguage
import TribTestSupport

/// The example script of the language specification (docs/LANGUAGE.md), which must parse exactly as written.
@Suite struct SpecExampleTests {

    @Test func parsesToTheExpectedTree() throws {
        let expected = """
            (command connect 127.0.0.1:7000)
            (let src 127.0.0.1:7000)
            (let dst (call node 127.0.0.1:7001))
            (command migrate_slots $src $dst 0 2 (range 4 7))
            (let moving (range 100 199))
            (command migrate_slots $src $dst $moving)
            (for n (call masters) (block (echo (string $n.addr " has " (call count $n.slots) " slots")) \
            (if (&& (== $n.role "master") (== (call count $n.slots) 0)) (block (echo (string "empty: " $n.id))) \
            else (block (echo "ok")))))
            (for port (range 7003 7005) (block (command join_no_load $src (word "127.0.0.1:" $port))))
            """
        #expect(parseClean(try LanguageDocument.exampleScript()) == expected)
    }

    @Test func isComplete() throws {
        #expect(!Parser.isIncomplete(try LanguageDocument.exampleScript()))
    }

    @Test func rangesPointAtTheSource() throws {
        let source = SourceFile(name: "spec.trib", text: try LanguageDocument.exampleScript())
        let script = Parser.parse(source)
        let texts = script.statements.map { source.text(in: $0.range) }
        #expect(texts[1] == "let src = 127.0.0.1:7000")
        #expect(texts[3] == "migrate_slots $src $dst 0 2 4-7")
        #expect(texts[7] == "for port in 7003-7005 { join_no_load $src 127.0.0.1:$port }")
        guard case .forLoop(_, _, _, let body) = script.statements[6].kind,
            case .echo(let arguments) = body.statements[0].kind,
            case .string(let parts) = arguments[0].kind,
            case .expression(let count) = parts[2]
        else {
            Issue.record("unexpected shape: \(script.statements[6].debugDescription)")
            return
        }
        #expect(source.text(in: count.range) == "count($n.slots)")
        #expect(count.range.start.line == 9)
        #expect(count.range.start.column == 25)
    }
}
