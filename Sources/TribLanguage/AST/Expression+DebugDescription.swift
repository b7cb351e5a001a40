extension Expression: CustomDebugStringConvertible {
    /// The expression as a compact S-expression, the shape tests compare against.
    ///
    /// Literals print as written (`42`, `true`, `nil`, `CONFIG`, `--replace`, `127.0.0.1:7000`,
    /// `"text"`), variables and postfix forms as `$n.slots` and `$l[0]`, everything else as a
    /// parenthesized form: `(range 4 7)`, `(list 1 2)`, `(map "a":1)`, `(call count $n.slots)`, `(== $a 1)`,
    /// `(! $x)`, `(string "a" $x)`, `(word "127.0.0.1:" $port)`.
    public var debugDescription: String {
        switch kind {
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        case .nilLiteral: "nil"
        case .string(let parts):
            if parts.isEmpty {
                "\"\""
            } else if parts.count == 1, case .literal(let text, _) = parts[0] {
                Self.quoted(text)
            } else {
                Self.form("string", parts.map(Self.describe))
            }
        case .word(let text), .flag(let text): text
        case .interpolatedWord(let parts): Self.form("word", parts.map(Self.describe))
        case .address(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .range(let lower, let upper): Self.form("range", [lower.debugDescription, upper.debugDescription])
        case .list(let elements): Self.form("list", elements.map(\.debugDescription))
        case .map(let entries): Self.form("map", entries.map { "\($0.key.debugDescription):\($0.value.debugDescription)" })
        case .variable(let name): "$\(name)"
        case .attribute(let base, let name): "\(base.debugDescription).\(name.name)"
        case .index(let base, let index): "\(base.debugDescription)[\(index.debugDescription)]"
        case .slice(let base, let lower, let upper):
            "\(base.debugDescription)[\(lower?.debugDescription ?? ""):\(upper?.debugDescription ?? "")]"
        case .call(let name, let arguments): Self.form("call", [name.name] + arguments.map(\.debugDescription))
        case .unary(let op, let operand): Self.form(op.rawValue, [operand.debugDescription])
        case .binary(let op, let left, let right):
            Self.form(op.rawValue, [left.debugDescription, right.debugDescription])
        }
    }

    static func form(_ head: String, _ elements: [String]) -> String {
        "(" + ([head] + elements).joined(separator: " ") + ")"
    }

    private static func describe(_ part: TextPart) -> String {
        switch part {
        case .literal(let text, _): quoted(text)
        case .expression(let expression): expression.debugDescription
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + StringEscaping.escape(text, dollar: false) + "\""
    }
}
