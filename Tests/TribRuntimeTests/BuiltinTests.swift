import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// The builtins' one declaration (``Builtin``) drives their names, their arity and their documentation.
@Suite struct BuiltinTests {
    @Test("every name and alias finds its builtin, and no two builtins share a name")
    func namesFindTheirBuiltin() {
        #expect(Set(Builtin.allNames).count == Builtin.allNames.count, "\(Builtin.allNames)")
        for builtin in Builtin.allCases {
            for name in builtin.names {
                #expect(Builtin(named: name) == builtin, "\(name)")
            }
        }
        #expect(Builtin(named: "len") == .count && Builtin(named: "string") == .str)
        #expect(Builtin(named: "mastrs") == nil)
    }

    @Test(
        "one argument too many is refused at that argument, too few at the call, with the usage",
        arguments: Builtin.allCases.filter { $0.arity.upperBound < 100 }
    )
    func arityComesFromTheDeclaration(builtin: Builtin) async {
        let name = builtin.rawValue
        let allowed = Array(repeating: "1", count: builtin.arity.upperBound)
        let expected =
            builtin.arity.lowerBound == builtin.arity.upperBound
            ? "`\(name)` takes \(builtin.arity.lowerBound) argument\(builtin.arity.lowerBound == 1 ? "" : "s"), not \(allowed.count + 1): \(name)\(builtin.parameters)"
            : "`\(name)` takes \(builtin.arity.lowerBound) to \(builtin.arity.upperBound) arguments, not \(allowed.count + 1): \(name)\(builtin.parameters)"
        await assertRuntimeDiagnostics(
            "echo \(name)(\((allowed + ["1️⃣1"]).joined(separator: ", ")))",
            [.init(.invalidArguments, message: expected)]
        )
        if builtin.arity.lowerBound > 0 {
            await assertRuntimeDiagnostics("echo 1️⃣\(name)()", [.init(.invalidArguments, message: "`\(name)` takes ")])
        }
    }

    @Test("docs/LANGUAGE.md's table of builtins is the declaration's")
    func documentationTableIsTheDeclarations() throws {
        let text = try LanguageDocument.text()
        #expect(text.contains("\n" + Builtin.documentationTable + "\n"), "expected in docs/LANGUAGE.md:\n\(Builtin.documentationTable)")
    }
}
