/// Text that is not a valid hash slot, slot set or `CLUSTER NODES` reply.
///
/// The error is data: a stable ``code`` to match on, the offending ``input`` exactly as given, a
/// ``message`` sentence, and — for `CLUSTER NODES` text — the ``lineNumber`` and ``line`` it came
/// from. ``description`` renders all of it for people.
public struct ClusterModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; stable, so tests and JSON output can match on it.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A number outside 0…16383 where a slot was expected.
        case slotOutOfRange = "slot-out-of-range"
        /// A range whose start is after its end, such as `7-4`.
        case reversedSlotRange = "reversed-slot-range"
        /// Nothing where a slot or at least one slot range was expected: empty text or an empty token.
        case emptyInput = "empty-input"
        /// A token that is neither a slot nor a slot range, such as `a-b` or `4--7`.
        case malformedSlot = "malformed-slot"
        /// A `CLUSTER NODES` line with fewer than eight fields.
        case wrongFieldCount = "wrong-field-count"
        /// A node ID that is not 40 characters of `0-9a-z`.
        case malformedNodeID = "malformed-node-id"
        /// An address field that is not `ip:port[@cport][,hostname[,key=value…]]`.
        case malformedAddress = "malformed-address"
        /// A flags field with an empty flag, or both `master` and `slave`.
        case malformedFlags = "malformed-flags"
        /// A ping-sent or pong-received time that is not a whole number.
        case malformedTimestamp = "malformed-timestamp"
        /// A config epoch that is not a whole number.
        case malformedConfigEpoch = "malformed-config-epoch"
        /// A link state other than `connected` or `disconnected`.
        case malformedLinkState = "malformed-link-state"
        /// A slot entry that is not `N`, `N-M`, `[N->-id]` or `[N-<-id]`.
        case malformedSlotEntry = "malformed-slot-entry"
    }

    /// What kind of problem it is.
    public var code: Code
    /// The offending text exactly as given: a token, a field, or a whole line.
    public var input: String
    /// A sentence naming the input and what was expected.
    public var message: String
    /// The 1-based line of the `CLUSTER NODES` text the input came from, if any.
    public var lineNumber: Int?
    /// The whole `CLUSTER NODES` line the input came from, if any.
    public var line: String?

    /// Makes an error; `message` should name `input` and say what was expected.
    public init(_ code: Code, input: String, message: String, lineNumber: Int? = nil, line: String? = nil) {
        self.code = code
        self.input = input
        self.message = message
        self.lineNumber = lineNumber
        self.line = line
    }

    /// The message, preceded by the line number and followed by the quoted line when known.
    public var description: String {
        let prefix = lineNumber.map { "CLUSTER NODES line \($0): " } ?? ""
        let quoted = line.map { " — in \"\($0)\"" } ?? ""
        return prefix + message + quoted
    }

    /// The same error, located on a line of `CLUSTER NODES` text.
    func located(lineNumber: Int, line: String) -> ClusterModelError {
        var located = self
        located.lineNumber = lineNumber
        located.line = line
        return located
    }
}
