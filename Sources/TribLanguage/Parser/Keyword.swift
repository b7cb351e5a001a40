/// A word the language reserves, declared once: the parser dispatches on these cases, completion
/// and did-you-mean read ``allCases``, and `help NAME` shows ``usage`` and ``summary``.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `for`, `in`, `if`, `else`, `break`, `continue`, echo, source, `true`, `false`, `nil`

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
        case .for, .in: "runs the block once for each element of a list, a range (`7003-7005`), a slot set, or nodes"
        case .if, .else: "runs the first block whose condition (a boolean) is true; `else` may start the line after `}`"
        case .break: "leaves the innermost `for` loop"
        case .continue: "goes on with the next element of the innermost `for` loop"
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
