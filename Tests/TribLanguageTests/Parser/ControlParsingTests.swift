import Testing
import TribLanguage
import TribTestSupport

/// Functions, `while`, `return`, `exit`, `sleep`, `assert`, `try`/`catch` and map literals: their
/// trees, and the diagnostics of their misuse, each at its place.
@Suite struct ControlParsingTests {
    static let table: [(String, String)] = [
        ("while $i < 3 { i = $i + 1 }", "(while (< $i 3) (block (set i (+ $i 1))))"),
        ("while true { break }", "(while true (block (break)))"),
        ("def f(a, b) { return $a + $b }", "(def f (a b) (block (return (+ $a $b))))"),
        ("def nothing() { return }", "(def nothing () (block (return)))"),
        ("def g(x,) {\n  echo $x\n}", "(def g (x) (block (echo $x)))"),
        ("for k, v in $m { echo $k $v }", "(for k v $m (block (echo $k $v)))"),
        ("exit", "(exit)"),
        ("exit 3", "(exit 3)"),
        ("exit $status + 1", "(exit (+ $status 1))"),
        ("sleep 0.5", "(sleep 0.5)"),
        ("assert $n > 0", "(assert (> $n 0))"),
        ("assert count($m) == 3 \"three masters\"", "(assert (== (call count $m) 3) \"three masters\")"),
        ("try { fix $n } catch e { echo $e.code }", "(try (block (command fix $n)) catch e (block (echo $e.code)))"),
        ("try {\n  fix $n\n}\ncatch {\n  echo no\n}", "(try (block (command fix $n)) catch (block (echo no)))"),
        ("let m = {a: 1, \"two words\": [2], c: {d: nil}}", "(let m (map \"a\":1 \"two words\":(list 2) \"c\":(map \"d\":nil)))"),
        ("let m = {\n  a: 1,\n  b: 2,\n}", "(let m (map \"a\":1 \"b\":2))"),
        ("let e = {}", "(let e (map))"),
        ("f(1, 2)", "(expr (call f 1 2))"),
    ]

    @Test(arguments: table)
    func parses(source: String, tree: String) {
        #expect(parseClean(source) == tree)
    }

    @Test func misusesAreReportedWhereTheyAre() {
        assertDiagnostics("1️⃣return 1", [ExpectedDiagnostic(.returnOutsideFunction)])
        assertDiagnostics("for i in [1] { 1️⃣return }", [ExpectedDiagnostic(.returnOutsideFunction)])
        // A function's body is outside the loop around its `def`.
        assertDiagnostics("for i in [1] { def f() { 1️⃣break } }", [ExpectedDiagnostic(.loopControlOutsideLoop, message: "function")])
        assertDiagnostics("def f() { while true { break }; return 1 }", [])
        assertDiagnostics("1️⃣catch e { }", [ExpectedDiagnostic(.catchWithoutTry)])
        assertDiagnostics("try { echo } 1️⃣echo", [ExpectedDiagnostic(.expectedBlock, message: "`catch`")])
        assertDiagnostics("def f(ℹ️a, 1️⃣a) { }", [ExpectedDiagnostic(.duplicateParameter, noteAt: "ℹ️")])
        assertDiagnostics("def 1️⃣if() { }", [ExpectedDiagnostic(.expectedName, message: "keyword")])
        assertDiagnostics("def f 1️⃣{ }", [ExpectedDiagnostic(.unexpectedToken, message: "expected `(`")])
        assertDiagnostics("def f(1️⃣1) { }", [ExpectedDiagnostic(.expectedName)])
        assertDiagnostics("while 1️⃣{ }", [ExpectedDiagnostic(.expectedExpression, message: "condition of `while`")])
        assertDiagnostics("sleep1️⃣", [ExpectedDiagnostic(.expectedExpression, message: "seconds")])
        assertDiagnostics("assert1️⃣", [ExpectedDiagnostic(.expectedExpression, message: "condition")])
        assertDiagnostics("let m = {1️⃣a:1}", [ExpectedDiagnostic(.invalidMapEntry, message: "space after")])
        assertDiagnostics("let m = {1️⃣1: 2}", [ExpectedDiagnostic(.invalidMapEntry, message: "`1` cannot be a bare key")])
        assertDiagnostics("let m = {1️⃣a-b: 2}", [ExpectedDiagnostic(.invalidMapEntry, message: "or a string: `\"a-b\": …`")])
        assertDiagnostics("let m = {1️⃣a 1}", [ExpectedDiagnostic(.invalidMapEntry, message: "expected a key")])
        assertDiagnostics("let m = {\"a\" 1️⃣1}", [ExpectedDiagnostic(.invalidMapEntry, message: "`: `")])
        assertDiagnostics("let m = ℹ️{a: 1 1️⃣b: 2}", [ExpectedDiagnostic(.unexpectedToken, message: "`,` or `}`", noteAt: "ℹ️")])
    }

    @Test func theNewKeywordsAreDeclaredWithUsageAndSummary() {
        for keyword in [Keyword.while, .def, .return, .exit, .sleep, .assert, .try, .catch] {
            #expect(!keyword.usage.isEmpty && !keyword.summary.isEmpty)
            #expect(keyword.usage.hasPrefix(keyword == .catch ? "try" : keyword.rawValue))
        }
    }
}

/// `base[FROM:TO]`: its trees, and a bound that is no integer or expression.
@Suite struct SliceParsingTests {
    @Test(
        arguments: [
            ("echo $l[1:3]", "(echo $l[1:3])"), ("echo $l[:2]", "(echo $l[:2])"), ("echo $l[-2:]", "(echo $l[-2:])"),
            ("echo $l[:]", "(echo $l[:])"), ("echo $l[$a:$b]", "(echo $l[$a:$b])"), ("echo $l[${$n + 1}:]", "(echo $l[(+ $n 1):])"),
            ("echo $l[count($l):]", "(echo $l[(call count $l):])"), ("echo $l[0]", "(echo $l[0])"), ("echo $m[\"a:b\"]", "(echo $m[\"a:b\"])"),
        ])
    func parses(source: String, tree: String) {
        #expect(parseClean(source) == tree)
    }

    @Test func aBadBoundIsReported() {
        assertDiagnostics("echo $l[1️⃣a:2]", [ExpectedDiagnostic(.invalidSlice)])
        assertDiagnostics("echo $l[1️⃣1x$a:2]", [ExpectedDiagnostic(.invalidSlice)])
        // Brackets with a bare `:` that are not one slice say so, not "`$a + 1:` is a string".
        assertDiagnostics("echo ${$l1️⃣[$a + 1:]}", [ExpectedDiagnostic(.invalidSlice, message: "written without spaces")])
        assertDiagnostics("echo $l1️⃣[1:2:3]", [ExpectedDiagnostic(.invalidSlice, message: "one `:`")])
    }
}
