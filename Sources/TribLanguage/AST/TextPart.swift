/// One piece of a string or of an interpolated word: literal text, or an expression whose value
/// is converted to text at run time.
///
/// `"$n.addr has ${count($n.slots)} slots"` is the parts `$n.addr`, `" has "`,
/// `count($n.slots)`, `" slots"`; the word `127.0.0.1:$port` is `"127.0.0.1:"`, `$port`.
public enum TextPart: Sendable, Hashable {
    /// Text used as is (escapes already decoded), and where it stands.
    case literal(String, SourceRange)
    /// An interpolated `$name`, `$name.attribute…` or `${expression}`.
    case expression(Expression)

    /// Where the part stands.
    public var range: SourceRange {
        switch self {
        case .literal(_, let range): range
        case .expression(let expression): expression.range
        }
    }
}
