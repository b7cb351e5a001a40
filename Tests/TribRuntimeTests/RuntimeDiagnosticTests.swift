import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// Every runtime diagnostic id, at the range of the expression at fault.
@Suite struct RuntimeDiagnosticTests {
    @Test func unknownVariable() async {
        await assertRuntimeDiagnostics(
            "let name = 1\necho 1️⃣$nmae2️⃣",
            [.init(.unknownVariable, to: "2️⃣", message: "`$nmae` is not declared", suggestion: "$name")]
        )
    }

    @Test func assigningAnUndeclaredVariable() async {
        await assertRuntimeDiagnostics(
            "let name = 1\n1️⃣nme2️⃣ = 2",
            [.init(.unknownVariable, to: "2️⃣", message: "let nme", suggestion: "name")]
        )
    }

    @Test func unknownCommand() async {
        await assertRuntimeDiagnostics(
            "1️⃣migrate_slot2️⃣ $undeclared 0",
            [.init(.unknownCommand, to: "2️⃣", suggestion: "migrate_slots")]
        )
        await assertRuntimeDiagnostics("let m = 1️⃣mastres(127.0.0.1:7000)", [.init(.unknownCommand, suggestion: "masters")])
        await assertRuntimeDiagnostics("1️⃣help sort", [.init(.unknownCommand, message: "run `redis-trib help NAME`")])
        await assertRuntimeDiagnostics("1️⃣conect 127.0.0.1:7000", [.init(.unknownCommand, suggestion: "connect")])
    }

    @Test func unknownAttribute() async {
        await assertRuntimeDiagnostics(
            "let n = node(127.0.0.1:7000)\necho $n.1️⃣slot2️⃣",
            [.init(.unknownAttribute, to: "2️⃣", message: "a node has no attribute `slot`", suggestion: "slots")]
        )
        await assertRuntimeDiagnostics("let a = 127.0.0.1:7000\necho $a.1️⃣prot", [.init(.unknownAttribute, suggestion: "port")])
    }

    @Test(arguments: [
        "if 1️⃣5 { }",
        "for x in 1️⃣5 { }",
        "echo 1️⃣(1 + true)",
        "echo 1️⃣(1 < \"a\")",
        "echo (true && 1️⃣1)",
        "echo (!1️⃣1)",
        "echo 1️⃣([1] in 5)",
        "let n = node(127.0.0.1:7000)\necho 1️⃣$n.master.addr",
        "echo 1️⃣(5).x",
        "echo 1️⃣(5)[0]",
        "echo [1][1️⃣\"a\"]",
        "for i in ${1️⃣\"a\"}-3 { }",
        "echo count(1️⃣5)",
        "echo int(1️⃣\"abc\")",
        "echo addr(1️⃣\"nohost\")",
        "echo addr(1️⃣5)",
        "migrate_slots 127.0.0.1:7000 1️⃣nil 0",
        "let m = masters(127.0.0.1:7000)\nexecute 127.0.0.1:7000 1️⃣$m[0].master PING",
    ])
    func typeMismatch(script: String) async {
        await assertRuntimeDiagnostics(script, [.init(.typeMismatch)])
    }

    @Test(arguments: [
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 1️⃣163842️⃣",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 1️⃣16000-170002️⃣",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 [1, 1️⃣200002️⃣]",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 1️⃣-12️⃣",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 1️⃣abc2️⃣",
        "let s = 99999\nmigrate_slots 127.0.0.1:7000 127.0.0.1:7001 1️⃣$s2️⃣",
        "let r = 100-20000\nmigrate_slots(127.0.0.1:7000, 127.0.0.1:7001, 1️⃣$r2️⃣)",
        "echo slots(0, 1️⃣163842️⃣)",
        "echo slots([1, 1️⃣-12️⃣])",
        "echo slots(1️⃣\"5 99999\"2️⃣)",
        "echo 1️⃣(slots(0) + 16384)2️⃣",
    ])
    func invalidSlot(script: String) async {
        await assertRuntimeDiagnostics(script, [.init(.invalidSlot, to: "2️⃣")])
    }

    @Test(arguments: [
        "migrate_slots 127.0.0.1:7000 1️⃣foo 0",
        "list 127.0.0.1:7000 1️⃣extra",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 1️⃣--bogus",
        "migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --keys-per-batch 1️⃣zero",
        "1️⃣migrate_slots 127.0.0.1:7000",
        "echo count(1, 1️⃣2)",
        "echo 1️⃣node()",
        "connect 127.0.0.1:7000 1️⃣127.0.0.1:7001",
        "1️⃣connect",
    ])
    func invalidArguments(script: String) async {
        await assertRuntimeDiagnostics(script, [.init(.invalidArguments)])
    }

    @Test(
        "an argument error points at the word at fault, through the index the error carries",
        arguments: [
            ("migrate_slots 127.0.0.1:7000 1️⃣foo2️⃣ 0", "DST: 'foo' is not a node address"),
            ("let bad = \"nohost\"\nmigrate_slots --src-addr 1️⃣$bad2️⃣ 127.0.0.1:7001 0", "SRC: 'nohost'"),
            ("migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --keys-per-batch 1️⃣zero2️⃣", "--keys-per-batch takes a whole number"),
            ("migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 1️⃣\"--keys-per-batch=0\"2️⃣", "--keys-per-batch takes a whole number"),
            ("migrate_slots 127.0.0.1:7000 127.0.0.1:7001 1️⃣--bogus2️⃣ 0", "migrate_slots has no option '--bogus'"),
            ("list 127.0.0.1:7000 1️⃣extra2️⃣", "unexpected argument 'extra'"),
            ("list [127.0.0.1:7001, 1️⃣127.0.0.1:70022️⃣]", "unexpected argument '127.0.0.1:7002'"),
            ("migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --replace 1️⃣--replace2️⃣", "--replace is given more than once"),
            ("migrate_slots 127.0.0.1:7000 127.0.0.1:7001 0 --atomic 1️⃣--no-atomic2️⃣", "--atomic and --no-atomic exclude each other"),
        ]
    )
    func argumentErrorAtItsWord(script: String, message: String) async {
        await assertRuntimeDiagnostics(script, [.init(.invalidArguments, to: "2️⃣", message: message)])
    }

    @Test("an argument error that no one word causes points at the whole statement")
    func missingArgumentAtTheStatement() async {
        await assertRuntimeDiagnostics(
            "1️⃣migrate_slots 127.0.0.1:7000 127.0.0.1:70012️⃣",
            [.init(.invalidArguments, to: "2️⃣", message: "missing SLOT")]
        )
    }

    @Test func operationFailedNamesTheNodeAndKeepsTheCode() async {
        let diagnostics = await assertRuntimeDiagnostics(
            "let src = 127.0.0.1:7000\n1️⃣migrate_slots $src 127.0.0.1:7001 60002️⃣ # 7000 does not own 6000",
            [.init(.operationFailed, to: "2️⃣", message: "127.0.0.1:7000: does not own every slot to move")]
        )
        #expect(diagnostics.first?.notes.map(\.message) == ["error code: precondition-failed"])
    }

    @Test func operationFailedInACallAndInABuiltin() async {
        await assertRuntimeDiagnostics(
            "let r = 1️⃣migrate_slots(127.0.0.1:7000, 127.0.0.1:7001, 6000)2️⃣",
            [.init(.operationFailed, to: "2️⃣")]
        )
        await assertRuntimeDiagnostics(
            "for n in 1️⃣masters(127.0.0.1:7999)2️⃣ { }",
            [.init(.operationFailed, to: "2️⃣", message: "127.0.0.1:7999: connection refused")]
        )
        await assertRuntimeDiagnostics("1️⃣connect 127.0.0.1:7999", [.init(.operationFailed)])
    }

    @Test(arguments: ["let m = 1️⃣masters()", "1️⃣list", "echo 1️⃣nodes()", "1️⃣execute PING", "1️⃣fix"])
    func noDefaultCluster(script: String) async {
        await assertRuntimeDiagnostics(script, [.init(.noDefaultCluster, message: "connect ADDR")])
    }

    @Test func divisionByZeroAndOverflow() async {
        await assertRuntimeDiagnostics("echo (1 / 1️⃣0)", [.init(.divisionByZero)])
        await assertRuntimeDiagnostics("let z = 0\necho (1 % 1️⃣$z)", [.init(.divisionByZero)])
        await assertRuntimeDiagnostics("echo 1️⃣(9223372036854775807 + 1)", [.init(.integerOverflow)])
        await assertRuntimeDiagnostics("echo 1️⃣(-9223372036854775808 / -1)", [.init(.integerOverflow)])
        await assertRuntimeDiagnostics("echo 1️⃣(-9223372036854775808 - 1)", [.init(.integerOverflow)])
        await assertRuntimeDiagnostics("echo 1️⃣(4611686018427387904 * 2)", [.init(.integerOverflow)])
        await assertRuntimeDiagnostics("echo count(1️⃣0-9223372036854775807)", [.init(.integerOverflow)])
    }

    @Test func indexOutOfRangeAndInvalidRange() async {
        await assertRuntimeDiagnostics("let l = [1]\necho $l[1️⃣5]", [.init(.indexOutOfRange, message: "1 element")])
        await assertRuntimeDiagnostics("echo [][1️⃣-9223372036854775808]", [.init(.indexOutOfRange)])
        await assertRuntimeDiagnostics("let a = 5; let b = 1\nfor i in 1️⃣$a-$b2️⃣ { }", [.init(.invalidRange, to: "2️⃣")])
    }

    @Test func theLoopNoteNamesTheIterationAndTheLoopVariable() async {
        let harness = RuntimeHarness(failWhen: { call in
            call.command == "fix" && call.words == ["127.0.0.1:7002"]
                ? TribError(.notConverged, "the cluster did not agree", node: NodeAddress(host: "127.0.0.1", port: 7002)) : nil
        })
        let diagnostics = await assertRuntimeDiagnostics(
            """
            ℹ️for n in masters(127.0.0.1:7000) {
                1️⃣fix $n
            }
            """,
            [.init(.operationFailed, message: "127.0.0.1:7002: the cluster did not agree", noteAt: "ℹ️")],
            in: harness
        )
        #expect(
            diagnostics.first?.notes.map(\.message) == [
                "error code: not-converged", "in iteration 3 of the loop, where n = 127.0.0.1:7002",
            ])
        // The note covers the loop header, from `for` to the end of the sequence.
        #expect(diagnostics.first?.notes.last?.range?.end.column == 33)
    }

    @Test func nestedLoopsEachAddANoteInnermostFirst() async {
        let diagnostics = await assertRuntimeDiagnostics(
            "for i in [1, 2] {\n  for j in 0-1 {\n    echo (1 / 1️⃣$j)\n  }\n}",
            [.init(.divisionByZero)]
        )
        #expect(
            diagnostics.first?.notes.map(\.message) == [
                "in iteration 1 of the loop, where j = 0", "in iteration 1 of the loop, where i = 1",
            ])
    }
}
