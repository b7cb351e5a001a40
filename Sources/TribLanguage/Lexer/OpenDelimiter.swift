/// Something the lexer saw open and not yet closed: a block, a bracket, an interpolation or a string.
///
/// The ones still open at the end of the input are what makes the input incomplete.
public struct OpenDelimiter: Sendable, Hashable {
    /// Which kind of opener.
    public enum Kind: Sendable, Hashable {
        /// `{`
        case brace
        /// `(`
        case parenthesis
        /// `[`
        case bracket
        /// `${`
        case interpolation
        /// `"`
        case string

        /// Whether a line break inside this delimiter continues the statement instead of ending it.
        var continuesLines: Bool {
            switch self {
            case .parenthesis, .bracket, .interpolation: true
            case .brace, .string: false
            }
        }
    }

    /// Which kind of opener.
    public var kind: Kind
    /// Where the opener stands.
    public var range: SourceRange
}
