import Testing
import TribLanguage
import TribRuntime
import TribTestSupport

/// The builtins' one declaration (``Builtin``) drives their names, their arity, the types of their
/// arguments and their documentation.
@Suite struct BuiltinTests {
    typealias ArgumentType = BuiltinParameter.ArgumentType

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

    @Test("arity and usage follow from the typed parameters: optional in brackets, variadic repeated")
    func arityAndUsageFromTheParameters() {
        #expect(Builtin.masters.parameters == [BuiltinParameter("ADDR", .address, .optional)])
        #expect(Builtin.masters.arity == 0...1 && Builtin.masters.usages == ["masters([ADDR])"])
        #expect(Builtin.slots.parameters == [BuiltinParameter("x", .slots, .variadic)])
        #expect(Builtin.slots.arity == 0...Int.max && Builtin.slots.usages == ["slots(x, …)"])
        #expect(Builtin.node.arity == 1...1 && Builtin.node.usages == ["node(ADDR)"])
        #expect(Builtin.count.usages == ["count(x)", "len(x)"] && Builtin.str.usages == ["str(x)", "string(x)"])
    }

    @Test("every argument type is some builtin's, so each is checked by the tests that call every builtin")
    func everyTypeIsDeclared() {
        let declared = Set(Builtin.allCases.flatMap { $0.parameters.map(\.type) })
        #expect(declared == Set(ArgumentType.allCases))
    }

    @Test(
        "an arity error says how many arguments the builtin, as called, takes and how it is called",
        arguments: [
            ("echo count(1, 1️⃣22️⃣)", "`count` takes 1 argument, not 2: count(x)"),
            ("echo len(\"a\", 1️⃣\"b\"2️⃣)", "`len` takes 1 argument, not 2: len(x)"),
            ("echo masters(127.0.0.1:7000, 1️⃣127.0.0.1:70012️⃣)", "`masters` takes 0 to 1 arguments, not 2: masters([ADDR])"),
            ("echo 1️⃣node()2️⃣", "`node` takes 1 argument, not 0: node(ADDR)"),
            ("echo 1️⃣string()2️⃣", "`string` takes 1 argument, not 0: string(x)"),
            ("echo 1️⃣format()2️⃣", "`format` takes at least 1 argument, not 0: format(template, x, …)"),
        ]
    )
    func arityMessage(script: String, message: String) async {
        let diagnostics = await assertRuntimeDiagnostics(script, [.init(.invalidArguments, to: "2️⃣")])
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test(
        "every builtin, under each of its names, refuses one argument too many at that argument and too few at the call",
        arguments: Builtin.allCases.filter { $0.arity.upperBound < 100 }
    )
    func arityComesFromTheDeclaration(builtin: Builtin) async {
        for name in builtin.names {
            let allowed = Array(repeating: "1", count: builtin.arity.upperBound)
            let tooMany = await assertRuntimeDiagnostics(
                "echo \(name)(\((allowed + ["1️⃣12️⃣"]).joined(separator: ", ")))",
                [.init(.invalidArguments, to: "2️⃣", message: "`\(name)` takes ")]
            )
            #expect(tooMany.first?.message.hasSuffix(", not \(allowed.count + 1): \(builtin.usage(calledAs: name))") == true)
            if builtin.arity.lowerBound > 0 {
                let tooFew = await assertRuntimeDiagnostics("echo 1️⃣\(name)()2️⃣", [.init(.invalidArguments, to: "2️⃣", message: "`\(name)` takes ")])
                #expect(tooFew.first?.message.hasSuffix(", not 0: \(builtin.usage(calledAs: name))") == true)
            }
        }
    }

    @Test(
        "every typed parameter of every builtin, under each of its names, refuses nil with the one message, at the argument",
        arguments: Builtin.allCases
    )
    func everyParameterTypeIsChecked(builtin: Builtin) async {
        for name in builtin.names {
            for (position, parameter) in builtin.parameters.enumerated() {
                if parameter.type == .any {
                    // Nothing is the wrong type for `any`: nil is taken as it is.
                    if builtin.parameters.count == 1 {
                        #expect(await RuntimeHarness().echoes(of: "echo \(name)(nil)") == ["nil"])
                    }
                    continue
                }
                // Arguments of the right type before it and for the required parameters after it.
                let before = builtin.parameters[..<position].map { Self.sample(of: $0.type) }
                let after = builtin.parameters[(position + 1)...].filter { $0.presence == .required }.map { Self.sample(of: $0.type) }
                let arguments = (before + ["1️⃣nil2️⃣"] + after).joined(separator: ", ")
                let diagnostics = await assertRuntimeDiagnostics("echo \(name)(\(arguments))", [.init(.typeMismatch, to: "2️⃣")])
                #expect(diagnostics.map(\.message) == ["argument `\(parameter.name)` of `\(name)` must be \(parameter.type.expected); `nil` is nil"])
            }
        }
    }

    /// An argument of the type, as written.
    static func sample(of type: BuiltinParameter.ArgumentType) -> String {
        switch type {
        case .any, .integer, .slots: "1"
        case .address, .node, .connection: "127.0.0.1:7000"
        case .countable, .list, .sequence: "[1]"
        case .key: "k"
        case .map: "{a: 1}"
        case .text, .function: "\"x\""
        }
    }

    @Test(
        "a type mismatch names the builtin as called, the parameter, the argument as written, what was expected and what it is",
        arguments: [
            (
                "echo addr(1️⃣52️⃣)",
                "argument `x` of `addr` must be an address, a node, a string `HOST:PORT` or a node id (8 or more of its first hex digits); `5` is an integer"
            ),
            (
                "echo addr(1️⃣\"nohost\"2️⃣)",
                "argument `x` of `addr` must be an address, a node, a string `HOST:PORT` or a node id (8 or more of its first hex digits); `\"nohost\"` is a string, and 'nohost' is not a node address"
            ),
            (
                "echo masters(1️⃣0-32️⃣)",
                "argument `ADDR` of `masters` must be an address, a node, a string `HOST:PORT` or a node id (8 or more of its first hex digits); `0-3` is a range"
            ),
            (
                "echo connect(1️⃣slots(1)2️⃣)",
                "argument `ADDR` of `connect` must be \(BuiltinParameter.ArgumentType.connection.expected); `slots(1)` is a slot set"
            ),
            (
                "echo node(1️⃣[127.0.0.1:7000]2️⃣)",
                "argument `ADDR` of `node` must be a node, an address, a string `HOST:PORT` or a node id (8 or more of its first hex digits); `[127.0.0.1:7000]` is a list"
            ),
            (
                "echo len(1️⃣52️⃣)",
                "argument `x` of `len` must be a slot set, a list, a map, a string or a range; `5` is an integer"
            ),
            (
                "echo count(1️⃣127.0.0.1:70002️⃣)",
                "argument `x` of `count` must be a slot set, a list, a map, a string or a range; `127.0.0.1:7000` is an address"
            ),
            (
                "echo slots(0, 1️⃣true2️⃣)",
                "argument `x` of `slots` must be a slot, a range, a slot set, a node, a string of slots or a list of these; `true` is a boolean"
            ),
            (
                "echo slots([0, [1, 1️⃣nil2️⃣]])",
                "argument `x` of `slots` must be a slot, a range, a slot set, a node, a string of slots or a list of these; `nil` is nil"
            ),
            (
                "let l = [1, [2, true]]\necho slots(0, 1️⃣$l2️⃣)",
                "argument `x` of `slots` must be a slot, a range, a slot set, a node, a string of slots or a list of these; `$l` is a list holding a list holding a boolean"
            ),
            (
                "echo int(1️⃣\"abc\"2️⃣)",
                "argument `x` of `int` must be an integer or a string of digits; `\"abc\"` is a string that does not read as a 64-bit integer"
            ),
            (
                "echo int(1️⃣0-12️⃣)",
                "argument `x` of `int` must be an integer or a string of digits; `0-1` is a range"
            ),
            (
                "echo keyslot(1️⃣[\"a\"]2️⃣)",
                "argument `KEY` of `keyslot` must be a key: a string, or a word read as an integer, a range or an address; `[\"a\"]` is a list"
            ),
            (
                "echo keyslot(1️⃣false2️⃣)",
                "argument `KEY` of `keyslot` must be a key: a string, or a word read as an integer, a range or an address; `false` is a boolean"
            ),
        ]
    )
    func typeMismatchMessage(script: String, message: String) async {
        let diagnostics = await assertRuntimeDiagnostics(script, [.init(.typeMismatch, to: "2️⃣")])
        #expect(diagnostics.map(\.message).first?.hasPrefix(message) == true, "\(diagnostics.map(\.message))")
    }

    @Test(
        "a value of the right type out of its bounds keeps its own diagnostic, at the argument",
        arguments: [
            ("echo count(1️⃣0-92233720368547758072️⃣)", DiagnosticID.integerOverflow, "the range 0-9223372036854775807 has more integers than fit in 64 bits"),
            ("echo slots(0, 1️⃣163842️⃣)", .invalidSlot, "16384 is not a slot: slots are 0…16383"),
            ("echo slots([1, 1️⃣0-200002️⃣])", .invalidSlot, "the range 0-20000 is not within the slots 0…16383"),
            ("let l = [1, 20000]\necho slots(1️⃣$l2️⃣)", .invalidSlot, "20000 is not a slot: slots are 0…16383"),
        ]
    )
    func outOfBounds(script: String, id: DiagnosticID, message: String) async {
        let diagnostics = await assertRuntimeDiagnostics(script, [.init(id, to: "2️⃣")])
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test("arguments of each type are taken in every form the type names")
    func everyFormIsTaken() async {
        let harness = RuntimeHarness()
        let script = """
            let n = node(127.0.0.1:7001)
            echo ${node($n) == $n} ${node("127.0.0.1:7001") == $n} ${addr($n)} ${addr("127.0.0.1:7002")} ${count(masters($n))}
            echo ${count(0-9)} ${len("héllo")} ${count(slots(1-3))} ${count([1, 2])}
            echo slots(1, 2-3, slots(4), "5 6", [7, [8]], ["9-10"])
            echo ${count(slots($n))} ${int(" -3 ")} ${int(7)}
            echo ${keyslot(user:1000) == keyslot("user:1000")} ${keyslot(1000) == keyslot("1000")} ${keyslot(1-2) == keyslot("1-2")}
            """
        #expect(
            await harness.echoes(of: script) == [
                "true true 127.0.0.1:7001 127.0.0.1:7002 3",
                "10 5 3 2",
                "1-10",
                "5462 -3 7",
                "true true true",
            ]
        )
    }

    @Test("as a statement, a builtin is checked as in a call")
    func statementForm() async {
        let harness = RuntimeHarness()
        await harness.run("count [1, 2]\nkeyslot foo")
        #expect(harness.log.values == [.integer(2), .integer(12182)])
        await assertRuntimeDiagnostics(
            "len 1️⃣true2️⃣",
            [.init(.typeMismatch, to: "2️⃣", message: "argument `x` of `len` must be a slot set, a list, a map, a string or a range; `true` is a boolean")]
        )
    }

    @Test("docs/LANGUAGE.md's table of builtins is the declaration's, with each parameter's type")
    func documentationTableIsTheDeclarations() throws {
        let text = try LanguageDocument.text()
        #expect(text.contains("\n" + Builtin.documentationTable + "\n"), "expected in docs/LANGUAGE.md:\n\(Builtin.documentationTable)")
        #expect(
            Builtin.documentationTable.contains(
                "| `node(ADDR)` | `ADDR`: a node, an address, a string `HOST:PORT` or a node id (8 or more of its first hex digits) |"))
        #expect(Builtin.documentationTable.contains("| `slots(x, …)` | `x` (any number): "))
        #expect(Builtin.documentationTable.contains("| `masters([ADDR])` | `ADDR` (optional): "))
    }
}
