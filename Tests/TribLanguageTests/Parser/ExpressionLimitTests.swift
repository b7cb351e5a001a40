import Testing
import TribLanguage

/// Long expressions are refused at the operator that goes too far, and nothing that walks a tree
/// (parse, comparison, description, release) recurses deeply enough to overflow the stack.
@Suite(.timeLimit(.minutes(2))) struct ExpressionLimitTests {
    static let limit = Parser.maximumExpressionDepth

    /// `let x = ` and `count` operands joined by `separator`.
    static func chain(_ operand: String, _ separator: String, count: Int) -> String {
        "let x = " + Array(repeating: operand, count: count).joined(separator: separator)
    }

    @Test(
        "chains far past the limit give one expression-too-long, at the operator that passes it",
        arguments: [("1", " + "), ("true", " && "), ("\"a\"", " + "), ("$a", " || "), ("2", " * ")]
    )
    func longChains(operand: String, separator: String) throws {
        let count = operand == "true" ? 200_000 : 100_000
        for suffix in ["", " )"] {
            let text = Self.chain(operand, separator, count: count) + suffix
            let script = Parser.parse(text)
            let diagnostic = try #require(script.diagnostics.first)
            #expect(diagnostic.id == .expressionTooLong)
            #expect(script.diagnostics.count == 1)
            // The operator after the limit-th operand: `let x = ` then limit operands and limit - 1 separators.
            let column =
                1 + "let x = ".count + Self.limit * operand.count + (Self.limit - 1) * separator.count
                + separator.prefix { $0 == " " }.count
            #expect(diagnostic.range.start.column == column)
            #expect(script.statements.isEmpty)
        }
    }

    @Test("a chain of exactly the limit parses, and its tree can be compared, described and dropped")
    func atTheLimit() throws {
        let text = Self.chain("1", " + ", count: Self.limit)
        let script = Parser.parse(text)
        #expect(!script.hasErrors)
        let again = Parser.parse(text)
        #expect(script.statements == again.statements)
        #expect(script.debugDescription.count > Self.limit)
        guard case .declaration(_, let value) = try #require(script.statements.first).kind else {
            Issue.record("not a declaration")
            return
        }
        #expect(value.depth == Self.limit)
        #expect(Parser.parse(Self.chain("1", " + ", count: Self.limit + 1)).diagnostics.map(\.id) == [.expressionTooLong])
    }

    @Test(
        "postfix chains: indexes and attributes",
        arguments: [
            "let x = [1]" + String(repeating: "[0]", count: 100_000), "echo $n" + String(repeating: ".master", count: 100_000),
            "echo \"$n" + String(repeating: ".master", count: 100_000) + "\"",
        ]
    )
    func postfixChains(text: String) {
        let script = Parser.parse(text)
        #expect(script.diagnostics.map(\.id) == [.expressionTooLong])
    }

    @Test("many long statements, each refused, stay within the diagnostic cap")
    func manyStatements() {
        let line = Self.chain("1", " + ", count: 2_000)
        let script = Parser.parse(Array(repeating: line, count: 50).joined(separator: "\n"))
        #expect(script.diagnostics.count == Parser.maximumDiagnostics + 1)
        #expect(script.diagnostics.last?.id == .tooManyErrors)
    }

    @Test("a megabyte of NUL bytes gives a screenful of diagnostics, not one per byte")
    func nulFlood() {
        let text = String(repeating: "\u{0}", count: 1 << 20)
        let source = SourceFile(name: "zero", text: text)
        let script = Parser.parse(source)
        #expect(script.diagnostics.count == Parser.maximumDiagnostics + 1)
        #expect(script.diagnostics.prefix(Parser.maximumDiagnostics).allSatisfy { $0.id == .invalidCharacter })
        #expect(script.diagnostics.last?.id == .tooManyErrors)
        let rendered = DiagnosticRenderer().render(script.diagnostics, in: source)
        // Each diagnostic shows at most a window of the line.
        #expect(rendered.utf8.count < 30 * (DiagnosticRenderer.maximumLineWidth * 3 + 200))
        #expect(!rendered.contains("\u{0}"))
    }
}
