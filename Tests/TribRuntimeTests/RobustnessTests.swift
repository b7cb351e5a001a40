import RESP
import RedisTrib
import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// No input, however broken, crashes the interpreter or hangs it.
@Suite struct RobustnessTests {
    static let scripts = [
        "echo ${count(0-9223372036854775807)}", "echo (-9223372036854775808 % -1)", "echo (-9223372036854775808 * -1)",
        "echo [][0]", "echo $args[-9223372036854775808]", "echo $args[9223372036854775807]", "node(nil)",
        "slots(\"abc\")", "slots(\"\")", "count(nil)", "echo ${nil.x}", "source \"\"", "source nil", "connect",
        "connect 1 2", "execute", "list nil", "migrate_slots", "migrate_slots 1 2 3", "echo (\"a\" + nil)",
        "echo (nil + 1)", "let x = [1]; x = $x + $x; x = $x + $x; echo ${count($x)}", "for i in 1-0 { }",
        "for s in slots() { echo $s }", "echo int(\"99999999999999999999\")", "echo addr(\"[::1\")",
        "echo 127.0.0.1:$nothing", "echo ${[1, 2] < [3]}", "echo (slots(1) - 20000)", "echo (slots(1) + \"x\")",
        "let l = masters(127.0.0.1:7000); echo $l[0].replicas[0].master.replicas[0].master.id",
        "masters(127.0.0.1:7000)[0].master.master.master", "echo ${keyslot(\"\")} ${keyslot(\"{}\")}",
        "for x in [1, 2] { break; echo never }", "for x in [1, 2] { continue; echo never }",
        "join_no_load 127.0.0.1:7000 127.0.0.1:7000", "migrate_slots 127.0.0.1:7000 127.0.0.1:7000 0",
        String(repeating: "if true { ", count: 40) + "echo deep" + String(repeating: " }", count: 40),
        "echo \"" + String(repeating: "${1}", count: 200) + "\"",
    ]

    @Test(arguments: scripts)
    func runsToTheEnd(script: String) async {
        for keepGoing in [false, true] {
            let harness = RuntimeHarness(keepGoing: keepGoing)
            _ = await harness.run(script)
            for diagnostic in harness.log.diagnostics {
                #expect(!diagnostic.message.isEmpty)
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
