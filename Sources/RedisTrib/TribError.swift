import RESP

/// Why an operation refused or failed: a stable code, a sentence, and the node it concerns.
///
/// Renderers print it for a terminal, a script or JSON; nothing here decides how it looks.
public struct TribError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of failure; tests and JSON output match it.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A server process could not be started or did not come up.
        public static let launchFailed = Code(rawValue: "launch-failed")
        /// The server binary was not found.
        public static let serverNotFound = Code(rawValue: "server-not-found")
        /// A node could not be reached or answered with an error.
        public static let nodeError = Code(rawValue: "node-error")
        /// A node's reply was not what the operation expected.
        public static let unexpectedReply = Code(rawValue: "unexpected-reply")
        /// An argument is malformed or out of range.
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// The command line is malformed: an unknown command or option, a missing or extra argument.
        public static let usage = Code(rawValue: "usage")
        /// A command's word where slots are expected is not a slot or range of slots within 0…16383.
        public static let invalidSlot = Code(rawValue: "invalid-slot")
        /// A precondition of the operation does not hold; nothing was changed.
        public static let preconditionFailed = Code(rawValue: "precondition-failed")
        /// The cluster did not agree within the wait timeout.
        public static let notConverged = Code(rawValue: "not-converged")
        /// Keys with different values exist on both sides of a migration.
        public static let busyKeys = Code(rawValue: "busy-keys")
        /// The operation was stopped by the user at a safe point.
        public static let cancelled = Code(rawValue: "cancelled")
        /// A record redis-trib keeps (a sandbox's `sandbox.json`) cannot be read.
        public static let corruptRecord = Code(rawValue: "corrupt-record")
        /// A key could not move even alone, with the longer `MIGRATE` timeout; its slot stays open.
        public static let keyNotMoved = Code(rawValue: "key-not-moved")
        /// Atomic slot migration was asked for (`--atomic`) and the server lacks it, refused it, or it failed.
        public static let atomicMigrationFailed = Code(rawValue: "atomic-migration-failed")
        /// An atomic slot migration did not end within ``OperationOptions/atomicTimeout`` and was cancelled.
        public static let atomicMigrationTimeout = Code(rawValue: "atomic-migration-timeout")

        /// Every code an operation or a command can end with, in the order they are declared above:
        /// a new code goes here too, so that the tests that go through every code see it.
        public static let all: [Code] = [
            .launchFailed, .serverNotFound, .nodeError, .unexpectedReply, .invalidArgument, .usage, .invalidSlot, .preconditionFailed,
            .notConverged, .busyKeys, .cancelled, .corruptRecord, .keyNotMoved, .atomicMigrationFailed, .atomicMigrationTimeout,
        ]

        /// Whether the code says the request is wrong as written (a malformed command line, an
        /// argument out of range, an invalid slot) rather than that carrying it out failed: the
        /// command line and scripts exit 2 for these, 1 for the others.
        public var isUsage: Bool {
            self == .usage || self == .invalidArgument || self == .invalidSlot
        }
    }

    /// The stable code.
    public var code: Code
    /// A sentence that says exactly what is wrong.
    public var message: String
    /// The node it concerns, when there is one.
    public var node: NodeAddress?
    /// The wire error underneath, when there is one.
    public var underlying: RedisError?
    /// For an error in a command's words, the index of the word at fault among the words after
    /// the command name (`CommandArguments(parsing:for:)`), so that the command line or a script
    /// can point at it without reading the message; `nil` when no one word is at fault.
    public var wordIndex: Int?

    /// Makes an error.
    public init(_ code: Code, _ message: String, node: NodeAddress? = nil, underlying: RedisError? = nil, wordIndex: Int? = nil) {
        self.code = code
        self.message = message
        self.node = node
        self.underlying = underlying
        self.wordIndex = wordIndex
    }

    /// Wraps whatever talking to `node` threw: a wire error with its reason and the node it names,
    /// anything else by its description. The one mapping from the wire's errors to the library's.
    init(converting error: any Error, node: NodeAddress) {
        if let error = error as? RedisError {
            self.init(.nodeError, error.reason, node: error.node, underlying: error)
        } else {
            self.init(.nodeError, String(describing: error), node: node)
        }
    }

    /// `HOST:PORT: message`, or the message alone.
    public var description: String {
        guard let node, !message.hasPrefix(node.description) else { return message }
        return "\(node): \(message)"
    }
}
