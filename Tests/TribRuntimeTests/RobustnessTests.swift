import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// No input, however broken, crashes the interpreter or hangs it: each runs to its end, with its
/// output, or with one error that says what is wrong and points at the words that are.
@Suite struct RobustnessTests {
    /// A script and how it ends: its `echo` lines, or the first error's ID and the text it points at.
    struct Case: Sendable, CustomTestStringConvertible {
        var script: String
        var echoes: [String] = []
        var error: (id: String, text: String)?

        init(_ script: String, echoes: [String]) {
            self.script = script
            self.echoes = echoes
        }

        init(_ script: String, fails id: String, at text: String) {
            self.script = script
            error = (id, text)
        }

        var testDescription: String { String(script.prefix(60)) }
    }

    static let cases = [
        Case("echo ${count(0-9223372036854775807)}", fails: "integer-overflow", at: "0-9223372036854775807"),
        Case("echo (-9223372036854775808 % -1)", fails: "integer-overflow", at: "(-9223372036854775808 % -1)"),
        Case("echo (-9223372036854775808 * -1)", fails: "integer-overflow", at: "(-9223372036854775808 * -1)"),
        Case("echo [][0]", fails: "index-out-of-range", at: "0"),
        Case("echo $args[-9223372036854775808]", fails: "index-out-of-range", at: "-9223372036854775808"),
        Case("echo $args[9223372036854775807]", fails: "index-out-of-range", at: "9223372036854775807"),
        Case("node(nil)", fails: "type-mismatch", at: "nil"),
        Case("slots(\"abc\")", fails: "invalid-slot", at: "\"abc\""),
        Case("slots(\"\")", fails: "invalid-slot", at: "\"\""),
        Case("count(nil)", fails: "type-mismatch", at: "nil"),
        Case("echo ${nil.x}", echoes: ["nil.x"]),
        Case("source \"\"", fails: "cannot-read-file", at: "\"\""),
        Case("source nil", fails: "cannot-read-file", at: "nil"),
        Case("connect", fails: "invalid-arguments", at: "connect"),
        Case("connect 1 2", fails: "invalid-arguments", at: "2"),
        Case("execute", fails: "no-default-cluster", at: "execute"),
        Case("list nil", fails: "type-mismatch", at: "nil"),
        Case("migrate_slots", fails: "invalid-arguments", at: "migrate_slots"),
        Case("migrate_slots 1 2 3", fails: "invalid-arguments", at: "1"),
        Case("echo (\"a\" + nil)", fails: "type-mismatch", at: "(\"a\" + nil)"),
        Case("echo (nil + 1)", fails: "type-mismatch", at: "(nil + 1)"),
        Case("let x = [1]; x = $x + $x; x = $x + $x; echo ${count($x)}", echoes: ["4"]),
        Case("for i in 1-0 { }", fails: "invalid-range", at: "1-0"),
        Case("for s in slots() { echo $s }", echoes: []),
        Case("echo int(\"99999999999999999999\")", fails: "type-mismatch", at: "\"99999999999999999999\""),
        Case("echo addr(\"[::1\")", fails: "type-mismatch", at: "\"[::1\""),
        Case("echo 127.0.0.1:$nothing", fails: "unknown-variable", at: "$nothing"),
        Case("echo ${[1, 2] < [3]}", fails: "type-mismatch", at: "[1, 2] < [3]"),
        Case("echo (slots(1) - 20000)", fails: "invalid-slot", at: "(slots(1) - 20000)"),
        Case("echo (slots(1) + \"x\")", echoes: ["1x"]),
        Case("let l = masters(127.0.0.1:7000); echo $l[0].replicas[0].master.replicas[0].master.id", echoes: ["7000700070007000700070007000700070007000"]),
        Case("masters(127.0.0.1:7000)[0].master.master.master", fails: "type-mismatch", at: "masters(127.0.0.1:7000)[0].master"),
        Case("echo ${keyslot(\"\")} ${keyslot(\"{}\")}", echoes: ["0 15257"]),
        Case("for x in [1, 2] { break; echo never }", echoes: []),
        Case("for x in [1, 2] { continue; echo never }", echoes: []),
        Case("join_no_load 127.0.0.1:7000 127.0.0.1:7000", echoes: []),
        Case("migrate_slots 127.0.0.1:7000 127.0.0.1:7000 0", echoes: []),
        Case(String(repeating: "if true { ", count: 40) + "echo deep" + String(repeating: " }", count: 40), echoes: ["deep"]),
        Case("echo \"" + String(repeating: "${1}", count: 200) + "\"", echoes: [String(repeating: "1", count: 200)]),
    ]

    @Test(arguments: cases)
    func runsToItsEnd(_ expected: Case) async {
        // With or without --keep-going: a script of one failing statement ends the same way.
        for keepGoing in [false, true] {
            let harness = RuntimeHarness(keepGoing: keepGoing)
            let succeeded = await harness.run(expected.script)
            let errors = harness.log.diagnostics.filter { $0.severity == .error }
            #expect(harness.log.echoes == expected.echoes, "keep going: \(keepGoing)")
            if let error = expected.error {
                #expect(!succeeded)
                #expect(errors.map(\.id.rawValue) == [error.id], "\(errors)")
                if let range = errors.first?.range {
                    let bytes = Array(expected.script.utf8)
                    let pointed =
                        range.end.offset <= bytes.count && range.start.offset <= range.end.offset
                        ? String(decoding: bytes[range.start.offset..<range.end.offset], as: UTF8.self) : "(out of bounds)"
                    #expect(pointed == error.text)
                }
            } else {
                #expect(succeeded, "\(errors)")
                #expect(errors.isEmpty)
            }
        }
    }

    /// Every prefix of the spec example, parsed or not, either runs or reports.
    @Test func everyPrefixOfTheExample() async throws {
        let text = try LanguageDocument.exampleScript()
        var prefix = ""
        for character in text {
            prefix.append(character)
            let harness = RuntimeHarness(keepGoing: true)
            let succeeded = await harness.run(prefix)
            #expect(succeeded == harness.log.diagnostics.filter { $0.severity == .error }.isEmpty)
        }
    }
}
