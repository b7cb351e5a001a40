/// A reply that breaks the RESP protocol or one of the decoder's limits.
///
/// The connection that produced it cannot be trusted any more and is closed.
public struct RESPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code that tests and JSON output can match.
    public enum Code: String, Sendable, Hashable {
        case invalidTypeByte = "invalid-type-byte"
        case invalidInteger = "invalid-integer"
        case invalidLength = "invalid-length"
        case invalidDouble = "invalid-double"
        case invalidBoolean = "invalid-boolean"
        case invalidVerbatimString = "invalid-verbatim-string"
        case missingLineEnd = "missing-line-end"
        case lineTooLong = "line-too-long"
        case bulkTooLong = "bulk-too-long"
        case tooManyElements = "too-many-elements"
        case nestingTooDeep = "nesting-too-deep"
        case replyTooLarge = "reply-too-large"
        case truncated = "truncated"
    }

    /// The stable code.
    public var code: Code
    /// A sentence for people.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "protocol error: \(message)" }
}

/// Bounds that keep a broken or hostile server from using unbounded memory.
public struct RESPDecodingLimits: Sendable, Hashable {
    /// Longest bulk string, in bytes (Redis' own `proto-max-bulk-len` default is 512 MiB).
    public var maxBulkLength: Int
    /// Most elements in one array, set, push, map or attribute (a map counts its pairs).
    public var maxElements: Int
    /// Deepest nesting of aggregates.
    public var maxDepth: Int
    /// Longest status, error, integer or header line, in bytes.
    public var maxLineLength: Int
    /// Most bytes one reply may take, buffered or already decoded.
    public var maxReplyBytes: Int
    /// Most values in one reply, all levels together (a value decodes to many times its bytes).
    public var maxValuesPerReply: Int

    /// Makes limits; the defaults fit every reply a cluster tool needs.
    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxElements: Int = 16 * 1024 * 1024,
        maxDepth: Int = 32,
        maxLineLength: Int = 64 * 1024,
        maxReplyBytes: Int = 1024 * 1024 * 1024,
        maxValuesPerReply: Int = 16 * 1024 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxElements = maxElements
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
        self.maxReplyBytes = maxReplyBytes
        self.maxValuesPerReply = maxValuesPerReply
    }

    /// The defaults.
    public static let standard = RESPDecodingLimits()
}
