/// The stable code of a diagnostic, such as `unterminated-string`.
///
/// Tests, JSON output and documentation match the id, never the wording of the message, so an id
/// never changes once shipped. The set is open: the runtime declares its own ids the same way,
/// with `DiagnosticID("unknown-variable")` or a `static let` in an extension.
public struct DiagnosticID: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The code, in lowercase words joined by hyphens.
    public let rawValue: String

    /// Makes an id from its code.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes an id from its code.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes an id from a string literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The code.
    public var description: String { rawValue }
}

// MARK: - Lexer

extension DiagnosticID {
    /// A `"` string that is still open at the end of the input.
    public static let unterminatedString: DiagnosticID = "unterminated-string"
    /// A backslash in a string followed by a character that is not a known escape.
    public static let invalidEscape: DiagnosticID = "invalid-escape"
    /// A character that cannot start any token, such as a control character or a backtick.
    public static let invalidCharacter: DiagnosticID = "invalid-character"
    /// A `'single-quoted'` string; only double quotes make strings.
    public static let singleQuotedString: DiagnosticID = "single-quoted-string"
    /// A `$` not followed by a variable name, a digit or `{`.
    public static let invalidVariable: DiagnosticID = "invalid-variable"
}

// MARK: - Parser

extension DiagnosticID {
    /// A token that does not fit where it stands.
    public static let unexpectedToken: DiagnosticID = "unexpected-token"
    /// An expression was needed (after `=`, `in`, an operator, inside `${ }` …) and none was found.
    public static let expectedExpression: DiagnosticID = "expected-expression"
    /// A name was needed after `let`, `for`, or before `=`.
    public static let expectedName: DiagnosticID = "expected-name"
    /// An `if`, `else` or `for` header not followed by `{` on the same line.
    public static let expectedBlock: DiagnosticID = "expected-block"
    /// A complete statement followed by more text on the same line.
    public static let expectedEndOfStatement: DiagnosticID = "expected-end-of-statement"
    /// A `{` block still open at the end of the input.
    public static let unclosedBlock: DiagnosticID = "unclosed-block"
    /// A `(`, `[` or `${` not closed by its partner.
    public static let unclosedDelimiter: DiagnosticID = "unclosed-delimiter"
    /// A `)`, `]` or `}` with nothing open to close.
    public static let unmatchedDelimiter: DiagnosticID = "unmatched-delimiter"
    /// An integer literal too large for a 64-bit integer.
    public static let integerOverflow: DiagnosticID = "integer-overflow"
    /// A range literal whose lower bound is above its upper bound, such as `7-4`.
    public static let invalidRange: DiagnosticID = "invalid-range"
    /// An address literal whose port is not 1…65535.
    public static let invalidAddress: DiagnosticID = "invalid-address"
    /// `$x = …` or `let $x = …`: names are assigned and declared without `$`.
    public static let dollarInAssignment: DiagnosticID = "dollar-in-assignment"
    /// `=` after an expression, as in `if $a = 1 {`; comparison is `==`.
    public static let assignmentInExpression: DiagnosticID = "assignment-in-expression"
    /// An arithmetic operator written without a space on each side, such as `$a -1`.
    public static let operatorSpacing: DiagnosticID = "operator-spacing"
    /// `a < b < c`: comparisons do not chain.
    public static let chainedComparison: DiagnosticID = "chained-comparison"
    /// `else` at the start of a statement, with no `if` before it.
    public static let elseWithoutIf: DiagnosticID = "else-without-if"
    /// `break` or `continue` outside a `for` or `while` loop (a function's body is outside the loops around its `def`).
    public static let loopControlOutsideLoop: DiagnosticID = "loop-control-outside-loop"
    /// `return` outside a function's body.
    public static let returnOutsideFunction: DiagnosticID = "return-outside-function"
    /// `catch` at the start of a statement, with no `try { … }` before it.
    public static let catchWithoutTry: DiagnosticID = "catch-without-try"
    /// `def f(a, a)`: a parameter named twice.
    public static let duplicateParameter: DiagnosticID = "duplicate-parameter"
    /// `$l[a b:1]`: a slice's bound is an integer, a variable or `${…}`, or left out.
    public static let invalidSlice: DiagnosticID = "invalid-slice"
    /// `{a:1}` or `{a 1}` in a map literal: a key is a name or a string followed by `: ` and the value.
    public static let invalidMapEntry: DiagnosticID = "invalid-map-entry"
    /// Blocks, brackets or interpolations nested deeper than the parser allows.
    public static let nestingTooDeep: DiagnosticID = "nesting-too-deep"
    /// An expression with more operands, indexes or attributes in a chain than the parser allows.
    public static let expressionTooLong: DiagnosticID = "expression-too-long"
    /// More diagnostics than one parse reports; this one stands for the rest.
    public static let tooManyErrors: DiagnosticID = "too-many-errors"
}

// MARK: - Runtime

/// Ids the runtime reports; declared here so every module shares one list.
extension DiagnosticID {
    /// A `$name` that no `let` or `for` declared.
    public static let unknownVariable: DiagnosticID = "unknown-variable"
    /// A command statement or call whose name no command or builtin has.
    public static let unknownCommand: DiagnosticID = "unknown-command"
    /// A value of the wrong kind, such as a string where a slot set was needed.
    public static let typeMismatch: DiagnosticID = "type-mismatch"
    /// A slot number outside 0…16383.
    public static let invalidSlot: DiagnosticID = "invalid-slot"
    /// A command or builtin called with arguments its signature does not accept.
    public static let invalidArguments: DiagnosticID = "invalid-arguments"
}
