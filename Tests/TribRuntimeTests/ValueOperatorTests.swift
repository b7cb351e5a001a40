import RESP
import RedisTrib
import Testing
import TribCommands
import TribLanguage
import TribRuntime

/// Values, operators and builtins, as the text `echo` prints for them.
@Suite struct ValueOperatorTests {
    static let table: [(String, String)] = [
        ("1 + 2", "3"), ("7 - 10", "-3"), ("6 * 7", "42"), ("7 / 2", "3"), ("-7 / 2", "-3"), ("7 % 3", "1"),
        ("(1 + 2) * 3", "9"), ("1 + 2 * 3", "7"), ("9223372036854775807 / -1", "-9223372036854775807"),
        ("\"a\" + \"b\"", "ab"), ("\"port \" + 7000", "port 7000"), ("127.0.0.1: + 7000", "127.0.0.1:7000"),
        ("[1, 2] + [3]", "1 2 3"), ("slots(0-5) - 2", "0-1 3-5"), ("slots(0-5) + 10", "0-5 10"),
        ("slots(0-5) + 3-9", "0-9"), ("slots(0-16383) - slots(1-16383)", "0"),
        ("1 == 1", "true"), ("1 != 2", "true"), ("1 < 2", "true"), ("2 <= 2", "true"), ("3 > 4", "false"),
        ("3 >= 4", "false"), ("\"a\" < \"b\"", "true"), ("127.0.0.1:7000 < 127.0.0.1:7001", "true"),
        ("127.0.0.1:7000 == \"127.0.0.1:7000\"", "true"), ("\"7\" == 7", "true"), ("nil == nil", "true"),
        ("1 == \"x\"", "false"), ("nil == 0", "false"), ("[1, [2]] == [1, [2]]", "true"), ("0-5 == slots(0-5)", "true"),
        ("true && false", "false"), ("true || false", "true"), ("!true", "false"), ("!(1 == 2) && !false", "true"),
        ("false && $undeclared", "false"), ("true || $undeclared", "true"),
        ("2 in [1, 2, 3]", "true"), ("4 in [1, 2, 3]", "false"), ("5 in 0-10", "true"), ("11 in 0-10", "false"),
        ("5 in slots(0-10)", "true"), ("20000 in slots(0-10)", "false"), ("2-3 in slots(0-10)", "true"),
        ("\"ell\" in \"hello\"", "true"), ("127.0.0.1:7000 in [127.0.0.1:7000]", "true"),
        ("count(0-9)", "10"), ("len(\"héllo\")", "5"), ("count([1, [2, 3]])", "2"), ("count(slots())", "0"),
        ("slots(0, 2, 4-7, [10, 11], \"12-13 15\")", "0 2 4-7 10-13 15"), ("slots()", ""),
        ("str(42) + \"!\"", "42!"), ("string(4-7)", "4-7"), ("int(\"42\") + 1", "43"), ("int(\" -3 \")", "-3"),
        ("addr(\"127.0.0.1:7000\").port", "7000"), ("addr(\"[::1]:7000\")", "[::1]:7000"),
        ("keyslot(\"foo\")", "12182"), ("keyslot(\"{user1000}.following\") == keyslot(\"{user1000}.followers\")", "true"),
        ("[1, 2, 3][0]", "1"), ("[1, 2, 3][-1]", "3"), ("[[1, 2], [3]][0][1]", "2"),
        ("[1, 2, 3].count", "3"), ("[1, 2, 3].first", "1"), ("[].last", "nil"),
        ("slots(3-9).first", "3"), ("slots(3-9).last", "9"), ("(0-5).upper", "5"), ("(\"abc\").count", "3"),
        ("(127.0.0.1:7000).host", "127.0.0.1"),
    ]

    @Test(arguments: table)
    func evaluates(expression: String, expected: String) async {
        #expect(await RuntimeHarness().text(of: expression) == expected)
    }

    @Test func valuesShowAsTheREPLPrintsThem() {
        #expect(Value.list([.string("a\"b"), .integer(1), .nilValue, .slots(SlotSet())]).description == #"["a\"b", 1, nil, slots()]"#)
        #expect(Value.range(IntegerRange(lower: 4, upper: 7)!).description == "4-7")
        #expect(IntegerRange(lower: 7, upper: 4) == nil)
        #expect(IntegerRange(lower: Int.min, upper: Int.max)?.count == nil)
    }

    @Test(arguments: [
        ("42", Value.integer(42)), ("-1", .integer(-1)), ("4-7", .range(IntegerRange(lower: 4, upper: 7)!)),
        ("127.0.0.1:7000", .address(NodeAddress(host: "127.0.0.1", port: 7000))),
        ("[::1]:7000", .address(NodeAddress(host: "::1", port: 7000))), ("7-4", .string("7-4")),
        ("host:70000", .string("host:70000")), ("hello", .string("hello")), ("", .string("")),
        ("99999999999999999999", .string("99999999999999999999")),
    ])
    func wordsAreClassifiedByShape(text: String, expected: Value) {
        #expect(Value.classifying(text) == expected)
    }

    @Test func repliesBecomeValues() {
        #expect(Value(RESPValue.integer(5)) == .integer(5))
        #expect(Value(RESPValue.null) == .nilValue)
        #expect(Value(RESPValue.boolean(true)) == .boolean(true))
        #expect(Value(RESPValue.array([.integer(1), .null])) == .list([.integer(1), .nilValue]))
        #expect(Value(RESPValue.map([RESPMapEntry(key: .integer(1), value: .integer(2))])) == .list([.list([.integer(1), .integer(2)])]))
        #expect(Value(RESPValue.double(1.5)) == .string("1.5"))
        #expect(Value(CommandOutput.done("moved")) == .string("moved"))
    }
}
