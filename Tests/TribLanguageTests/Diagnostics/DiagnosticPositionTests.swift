import Testing
import TribLanguage
import TribTestSupport

/// Every diagnostic id the lexer and parser report, each at its exact position.
@Suite struct DiagnosticPositionTests {
    // MARK: - Lexer

    @Test func unterminatedString() {
        assertDiagnostics("let x = 1️⃣\"abc", [ExpectedDiagnostic(.unterminatedString, message: "unterminated string")])
        assertDiagnostics("echo 1️⃣\"abc\necho b\n", [ExpectedDiagnostic(.unterminatedString)])
        // The errors at the end of the input inside the string are its consequences, not reported.
        assertDiagnostics("echo \"a ${ 1️⃣\"b ${count(", [ExpectedDiagnostic(.unterminatedString)])
    }

    @Test func invalidEscape() {
        assertDiagnostics(
            "echo \"a1️⃣\\q2️⃣b\"",
            [ExpectedDiagnostic(.invalidEscape, to: "2️⃣", message: "`\\q`")]
        )
        assertDiagnostics("echo \"1️⃣\\é2️⃣\"", [ExpectedDiagnostic(.invalidEscape, to: "2️⃣")])
    }

    @Test func invalidCharacter() {
        assertDiagnostics("echo a 1️⃣\\ b", [ExpectedDiagnostic(.invalidCharacter)])
        assertDiagnostics("echo 1️⃣\u{7}a", [ExpectedDiagnostic(.invalidCharacter, message: "U+0007")])
        assertDiagnostics(
            "echo 1️⃣`a2️⃣`",
            [ExpectedDiagnostic(.invalidCharacter), ExpectedDiagnostic(.invalidCharacter, at: "2️⃣")]
        )
    }

    @Test func singleAmpersandIsReportedOnce() {
        let script = assertDiagnostics(
            "if $a 1️⃣& $b { echo }",
            [ExpectedDiagnostic(.invalidCharacter, message: "`&&`")]
        )
        #expect(script.diagnostics.first?.suggestion?.replacement == "&&")
        #expect(script.statements.count == 1)
        assertDiagnostics("if $a 1️⃣| $b { echo }", [ExpectedDiagnostic(.invalidCharacter, message: "`||`")])
    }

    @Test func singleQuotedString() {
        let script = assertDiagnostics(
            "echo 1️⃣'a b'2️⃣ c",
            [ExpectedDiagnostic(.singleQuotedString, to: "2️⃣")]
        )
        #expect(script.debugDescription == "(echo \"a b\" c)")
        #expect(script.diagnostics.first?.suggestion?.replacement == "\"a b\"")
        assertDiagnostics("echo 1️⃣'open2️⃣\necho b", [ExpectedDiagnostic(.singleQuotedString, to: "2️⃣")])
    }

    @Test func invalidVariable() {
        assertDiagnostics("echo 1️⃣$ x", [ExpectedDiagnostic(.invalidVariable)])
        assertDiagnostics("let x = 1️⃣$", [ExpectedDiagnostic(.invalidVariable)])
        // `$5` is the fifth script argument; a `$` before anything else is the error.
        let script = assertDiagnostics("echo \"costs 1️⃣$-5\"", [ExpectedDiagnostic(.invalidVariable)])
        #expect(script.diagnostics.first?.suggestion?.replacement == "\\$")
    }

    // MARK: - Parser

    @Test func unexpectedToken() {
        assertDiagnostics("let x 1️⃣5", [ExpectedDiagnostic(.unexpectedToken, message: "expected `=`")])
        assertDiagnostics("for n 1️⃣masters() { echo }", [ExpectedDiagnostic(.unexpectedToken, message: "expected `in`")])
        assertDiagnostics("echo $a 1️⃣== 1", [ExpectedDiagnostic(.unexpectedToken, message: "command argument")])
        assertDiagnostics(
            "let l = ℹ️[1 1️⃣2]",
            [ExpectedDiagnostic(.unexpectedToken, message: "expected `,` or `]`", noteAt: "ℹ️")]
        )
        assertDiagnostics("echo 11️⃣(2)", [ExpectedDiagnostic(.unexpectedToken, message: "space")])
        assertDiagnostics("let x = countℹ️($a 1️⃣$b)", [ExpectedDiagnostic(.unexpectedToken, noteAt: "ℹ️")])
    }

    @Test func expectedExpression() {
        assertDiagnostics("let x = 1️⃣", [ExpectedDiagnostic(.expectedExpression, message: "the end of the input")])
        assertDiagnostics("let x =1️⃣\necho b", [ExpectedDiagnostic(.expectedExpression, message: "a newline")])
        assertDiagnostics("if 1️⃣{ echo }", [ExpectedDiagnostic(.expectedExpression)])
        assertDiagnostics("echo ${1️⃣}", [ExpectedDiagnostic(.expectedExpression)])
        assertDiagnostics("let x = (1️⃣)", [ExpectedDiagnostic(.expectedExpression)])
        assertDiagnostics("let x = $a == 1️⃣;", [ExpectedDiagnostic(.expectedExpression)])
        assertDiagnostics("let x = [1, 1️⃣, 2]", [ExpectedDiagnostic(.expectedExpression)])
        assertDiagnostics("source 1️⃣; echo", [ExpectedDiagnostic(.expectedExpression, message: "file")])
        assertDiagnostics("let x = !1️⃣", [ExpectedDiagnostic(.expectedExpression)])
    }

    @Test func expectedName() {
        assertDiagnostics("let 1️⃣= 1", [ExpectedDiagnostic(.expectedName)])
        assertDiagnostics("for 1️⃣5 in x { echo }", [ExpectedDiagnostic(.expectedName)])
        assertDiagnostics("let 1️⃣x-y = 1", [ExpectedDiagnostic(.expectedName, message: "`x-y`")])
        assertDiagnostics("def 1️⃣f-g(x) { }", [ExpectedDiagnostic(.expectedName, message: "`f-g` is not a function name")])
        assertDiagnostics("def f(1️⃣1) { }", [ExpectedDiagnostic(.expectedName, message: "`1` is not a parameter name")])
        assertDiagnostics("def 1️⃣() { }", [ExpectedDiagnostic(.expectedName, message: "expected a function name after `def`")])
        assertDiagnostics("for 1️⃣", [ExpectedDiagnostic(.expectedName)])
    }

    @Test func expectedBlock() {
        assertDiagnostics("for n in x 1️⃣echo $n", [ExpectedDiagnostic(.expectedBlock)])
        assertDiagnostics("if $a { echo } else 1️⃣echo", [ExpectedDiagnostic(.expectedBlock)])
        // A brace on the next line is reported once, and the block still parses.
        let script = assertDiagnostics(
            "if $a1️⃣\n{\n  echo a\n}",
            [ExpectedDiagnostic(.expectedBlock, message: "same line")]
        )
        #expect(script.debugDescription == "(if $a (block (echo a)))")
    }

    @Test func expectedEndOfStatement() {
        assertDiagnostics("let x = 1 1️⃣2", [ExpectedDiagnostic(.expectedEndOfStatement)])
        assertDiagnostics(
            "2️⃣break 1️⃣now",
            [ExpectedDiagnostic(.loopControlOutsideLoop, at: "2️⃣"), ExpectedDiagnostic(.expectedEndOfStatement)]
        )
        assertDiagnostics("$x.y 1️⃣z", [ExpectedDiagnostic(.expectedEndOfStatement)])
    }

    @Test func assignmentInExpression() {
        let script = assertDiagnostics(
            "if $a 1️⃣= 1 { echo }",
            [ExpectedDiagnostic(.assignmentInExpression, message: "`==`")]
        )
        #expect(script.diagnostics.first?.suggestion?.replacement == "==")
        assertDiagnostics("let b = $a 1️⃣= 1", [ExpectedDiagnostic(.assignmentInExpression)])
    }

    @Test func unclosedBlock() {
        assertDiagnostics(
            "for n in masters() ℹ️{\n  echo $n\n1️⃣",
            [ExpectedDiagnostic(.unclosedBlock, message: "`}`", noteAt: "ℹ️")]
        )
        assertDiagnostics(
            "if $a { echo } else { echo }\nfor x in y 2️⃣{ if $b { echo }1️⃣",
            [ExpectedDiagnostic(.unclosedBlock, noteAt: "2️⃣")]
        )
    }

    @Test func unclosedDelimiter() {
        assertDiagnostics("echo ℹ️(1 == 1 1️⃣", [ExpectedDiagnostic(.unclosedDelimiter, noteAt: "ℹ️")])
        assertDiagnostics("echo countℹ️(1️⃣", [ExpectedDiagnostic(.unclosedDelimiter, noteAt: "ℹ️")])
        assertDiagnostics("let l = ℹ️[1, 2 1️⃣}", [ExpectedDiagnostic(.unclosedDelimiter, message: "`]`", noteAt: "ℹ️")])
        assertDiagnostics("echo ℹ️${x 1️⃣)", [ExpectedDiagnostic(.unclosedDelimiter, message: "`}`", noteAt: "ℹ️")])
    }

    @Test func unmatchedDelimiter() {
        assertDiagnostics("echo a\n1️⃣}", [ExpectedDiagnostic(.unmatchedDelimiter)])
        assertDiagnostics("1️⃣)", [ExpectedDiagnostic(.unmatchedDelimiter)])
        assertDiagnostics("echo a 1️⃣]", [ExpectedDiagnostic(.unmatchedDelimiter)])
    }

    @Test func integerOverflow() {
        assertDiagnostics("let x = 1️⃣99999999999999999999", [ExpectedDiagnostic(.integerOverflow)])
        assertDiagnostics("let x = 1️⃣1-99999999999999999999", [ExpectedDiagnostic(.integerOverflow)])
    }

    @Test func invalidRange() {
        let script = assertDiagnostics("migrate_slots $a $b 1️⃣7-42️⃣", [ExpectedDiagnostic(.invalidRange, to: "2️⃣")])
        #expect(script.diagnostics.first?.suggestion?.replacement == "4-7")
    }

    @Test func invalidAddress() {
        assertDiagnostics("connect 127.0.0.1:1️⃣700002️⃣", [ExpectedDiagnostic(.invalidAddress, to: "2️⃣")])
        assertDiagnostics("connect [::1]:1️⃣0", [ExpectedDiagnostic(.invalidAddress)])
    }

    @Test func dollarInAssignment() {
        let script = assertDiagnostics("1️⃣$x = 1", [ExpectedDiagnostic(.dollarInAssignment)])
        #expect(script.debugDescription == "(set x 1)")
        #expect(script.diagnostics.first?.suggestion?.replacement == "x")
        assertDiagnostics("let 1️⃣$x = 1", [ExpectedDiagnostic(.dollarInAssignment)])
        assertDiagnostics("for 1️⃣$n in x { echo }", [ExpectedDiagnostic(.dollarInAssignment)])
    }

    @Test func operatorSpacing() {
        assertDiagnostics("let x = $a 1️⃣-1", [ExpectedDiagnostic(.operatorSpacing, message: "range")])
        assertDiagnostics("let x = $a 1️⃣-$b", [ExpectedDiagnostic(.operatorSpacing)])
        assertDiagnostics("let x = ($a)1️⃣+1", [ExpectedDiagnostic(.operatorSpacing)])
        assertDiagnostics("for i in 0 1️⃣-5 { echo }", [ExpectedDiagnostic(.operatorSpacing)])
    }

    @Test func chainedComparison() {
        assertDiagnostics("let x = 1 < 2 1️⃣< 3", [ExpectedDiagnostic(.chainedComparison)])
    }

    @Test func elseWithoutIf() {
        assertDiagnostics("1️⃣else { echo }", [ExpectedDiagnostic(.elseWithoutIf)])
        assertDiagnostics("if $a { echo }; 1️⃣else { echo }", [ExpectedDiagnostic(.elseWithoutIf)])
    }

    @Test func loopControlOutsideLoop() {
        assertDiagnostics("1️⃣break", [ExpectedDiagnostic(.loopControlOutsideLoop)])
        assertDiagnostics("if $a { 1️⃣continue }", [ExpectedDiagnostic(.loopControlOutsideLoop)])
        assertDiagnostics("for x in y { if $a { continue } }", [])
    }

    @Test func nestingTooDeep() {
        let depth = Parser.maximumNesting
        let marked = "echo " + String(repeating: "(", count: depth) + "1️⃣(" + String(repeating: ")", count: depth + 1)
        assertDiagnostics(marked, [ExpectedDiagnostic(.nestingTooDeep)])
        let blocks = String(repeating: "if x {", count: depth) + "if x 1️⃣{" + String(repeating: "}", count: depth + 1)
        assertDiagnostics(blocks, [ExpectedDiagnostic(.nestingTooDeep)])
        assertDiagnostics(String(repeating: "!", count: depth) + "1️⃣!x", [ExpectedDiagnostic(.nestingTooDeep)])
        // Just under the limit is fine.
        assertDiagnostics(
            "echo " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth), [])
    }

    // MARK: - Recovery

    @Test func reportsEveryStatementsErrorAndKeepsTheRest() {
        let script = assertDiagnostics(
            """
            let x = 1️⃣
            echo ok
            for n 2️⃣x { echo $n; let = 1 }
            if $a { let 3️⃣= 2; echo inside }
            echo "fine"
            4️⃣}
            """,
            [
                ExpectedDiagnostic(.expectedExpression, at: "1️⃣"),
                ExpectedDiagnostic(.unexpectedToken, at: "2️⃣"),
                ExpectedDiagnostic(.expectedName, at: "3️⃣"),
                ExpectedDiagnostic(.unmatchedDelimiter, at: "4️⃣"),
            ]
        )
        #expect(script.debugDescription == "(echo ok)\n(if $a (block (echo inside)))\n(echo \"fine\")")
    }

    @Test func diagnosticsComeInSourceOrder() {
        let script = Parser.parse("echo \"\\q\"; let = 1; echo $")
        #expect(script.diagnostics.map(\.id) == [.invalidEscape, .expectedName, .invalidVariable])
    }
}
