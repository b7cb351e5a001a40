import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Each statement kind on its own.
@Suite struct StatementTests {
    @Test func letDeclaresAndAssignmentReassigns() async {
        let echoes = await RuntimeHarness().echoes(of: "let x = 1\nx = $x + 1\nlet x = $x * 10\necho $x")
        #expect(echoes == ["20"])
    }

    @Test func blocksHaveTheirOwnScopeButAssignOuterVariables() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(of: "let x = 1\nif true { let y = 5; x = $y; let x = 7; echo $x }\necho $x")
        #expect(echoes == ["7", "5"])
        await assertRuntimeDiagnostics("if true { let y = 5 }\necho 1️⃣$y", [.init(.unknownVariable)], in: harness)
    }

    @Test func forGoesOverListsRangesAndSlotSets() async {
        let harness = RuntimeHarness()
        #expect(await harness.echoes(of: "for x in [1, \"two\", 127.0.0.1:7000] { echo $x }") == ["1", "two", "127.0.0.1:7000"])
        #expect(await harness.echoes(of: "for port in 7003-7005 { echo $port }") == ["7003", "7004", "7005"])
        #expect(await harness.echoes(of: "for s in slots(0, 4-5, 16383) { echo $s }") == ["0", "4", "5", "16383"])
        #expect(await harness.echoes(of: "for x in [] { echo $x }\nfor x in 3-3 { echo $x }") == ["3"])
        #expect(await harness.echoes(of: "let lo = 1; let hi = 3\nfor i in $lo-$hi { echo $i }") == ["1", "2", "3"])
    }

    @Test func theLoopVariableIsGoneAfterTheLoop() async {
        await assertRuntimeDiagnostics("for i in [1] { }\necho 1️⃣$i", [.init(.unknownVariable)])
    }

    @Test func breakAndContinue() async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                for i in 1-10 {
                    if $i % 2 == 0 { continue }
                    if $i > 7 { break }
                    for j in [1, 2, 3] { if $j == 2 { break }; echo "$i.$j" }
                }
                """)
        #expect(echoes == ["1.1", "3.1", "5.1", "7.1"])
    }

    @Test func theLastIntegerOfTheLargestRangeEndsTheLoop() async {
        let echoes = await RuntimeHarness().echoes(of: "for i in 9223372036854775806-9223372036854775807 { echo $i }")
        #expect(echoes == ["9223372036854775806", "9223372036854775807"])
    }

    @Test(arguments: [("0", "zero"), ("1", "one"), ("2", "many"), ("5", "many")])
    func ifElseIfElse(value: String, expected: String) async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                let n = \(value)
                if $n == 0 { echo zero } else if $n == 1 { echo one }
                else { echo many }
                """)
        #expect(echoes == [expected])
    }

    @Test func echoJoinsItsArgumentsWithSpaces() async {
        let echoes = await RuntimeHarness().echoes(
            of: """
                echo
                echo a   b "c  d" 1 4-7 127.0.0.1:7000 --flag true nil
                echo [1, [2, 3]] slots(0-5, 7) ("x" + 1)
                echo pre"fixed "${1 + 1}
                """)
        #expect(echoes == ["", "a b c  d 1 4-7 127.0.0.1:7000 --flag true nil", "1 2 3 0-5 7 x1", "prefixed 2"])
    }

    @Test func anExpressionStatementSendsItsValue() async {
        let harness = RuntimeHarness()
        await harness.run("$args\n127.0.0.1:7000\n\"text\"\n[1, \"a\"]\nslots()\ncount [1, 2]")
        #expect(harness.log.values.map(\.description) == ["[]", "127.0.0.1:7000", "\"text\"", "[1, \"a\"]", "slots()", "2"])
    }

    @Test func interpolatedWordsAreReadByTheirShape() async {
        let harness = RuntimeHarness()
        let echoes = await harness.echoes(
            of: """
                let port = 7003
                let host = "127.0.0.1"
                echo ${127.0.0.1:$port == 127.0.0.1:7003} ${$host:7000 == 127.0.0.1:7000}
                echo ${70$port == 707003} ${1-$port == 1-7003} ${node-$port == "node-7003"}
                """)
        #expect(echoes == ["true true", "true true true"])
    }

    @Test func variablesSurviveFromOneRunToTheNext() async {
        let harness = RuntimeHarness()
        await harness.run("let a = 1")
        #expect(await harness.echoes(of: "a = $a + 1; echo $a") == ["2"])
        #expect(harness.interpreter.value(of: "a") == .integer(2))
        #expect(harness.interpreter.variableNames == ["a", "args"])
    }
}
