/// A word the language reserves, declared once: the parser dispatches on these cases, completion
/// and did-you-mean read ``allCases``, and `help NAME` shows ``usage`` and ``summary``.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `for`, `in`, `while`, `if`, `else`, `break`, `continue`, def, `return`, exit, sleep, assert, `try`, `catch`, echo, source
    case `true`, `false`, `nil`

    /// Whether it is a literal value (`true`, `false`, `nil`) rather than the start or part of a statement.
    public var isLiteral: Bool {
        switch self {
        case .true, .false, .nil: true
        default: false
        }
    }

    /// The form it is written in.
    public var usage: String {
        switch self {
        case .let: "let NAME = EXPRESSION"
        case .for, .in: "for NAME in EXPRESSION { … }"
        case .while: "while EXPRESSION { … }"
        case .def: "def NAME(PARAMETER, …) { … }"
        case .return: "return [EXPRESSION]"
        case .exit: "exit [STATUS]"
        case .sleep: "sleep SECONDS"
        case .assert: "assert EXPRESSION [MESSAGE]"
        case .try, .catch: "try { … } catch NAME { … }"
        case .if, .else: "if EXPRESSION { … } else if EXPRESSION { … } else { … }"
        case .break: "break"
        case .continue: "continue"
        case .echo: "echo ARGUMENT…"
        case .source: "source FILE"
        case .true, .false: rawValue
        case .nil: "nil"
        }
    }

    /// What it does, in one line.
    public var summary: String {
        switch self {
        case .let: "declares a variable in the current block; `NAME = EXPRESSION` assigns it again, `$NAME` reads it"
        case .for, .in:
            "runs the block once for each element of a list, a range (`7003-7005`), a slot set, or nodes; "
                + "with two names, for each key and value of a map, or each index and element of a list; "
                + "`x in y` is also a test: an element of a list, a key of a map, a slot of a slot set, a substring"
        case .while: "runs the block as long as the condition (a boolean) is true"
        case .def:
            "defines a function: its parameters and the variables it declares are its own, it sees the top-level ones, "
                + "and a call runs it (`NAME(ARGUMENT, …)`, or `NAME ARGUMENT …` as a statement)"
        case .return: "leaves the function, with the value given (`nil` when none is)"
        case .exit: "ends the script (and the shell) with the exit status given, 0 to 255; 0 when none is"
        case .sleep: "waits that many seconds (an integer, or a decimal such as `0.5`); Ctrl-C stops the wait"
        case .assert: "stops the script with the message (and `assertion-failed`) unless the condition is true"
        case .try, .catch:
            "runs the first block; if a statement of it fails, the error (a map of `code`, `message`, `node`, `line`, `file`) "
                + "goes in NAME and the `catch` block runs instead of the script stopping"
        case .if, .else: "runs the first block whose condition (a boolean) is true; `else` may start the line after `}`"
        case .break: "leaves the innermost `for` or `while` loop"
        case .continue: "goes on with the next iteration of the innermost `for` or `while` loop"
        case .echo: "prints its arguments separated by spaces"
        case .source: "runs another script file, its path relative to the script that sources it"
        case .true, .false: "a boolean value"
        case .nil: "no value: a replica's `master`, a node without an address's `addr`"
        }
    }
}

extension Token.Kind {
    /// The word token of `keyword`.
    static func keyword(_ keyword: Keyword) -> Self { .word(keyword.rawValue) }
}
