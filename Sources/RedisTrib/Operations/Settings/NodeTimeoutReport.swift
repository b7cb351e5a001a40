/// What `set-timeout` did on each node, or in a dry run would do.
public struct NodeTimeoutReport: Sendable, Hashable {
    /// One node.
    public struct Entry: Sendable, Hashable {
        /// The node.
        public var node: Disagreement.NodeReference
        /// Its `cluster-node-timeout` before, in milliseconds; `nil` when it did not answer.
        public var previous: Int?
        /// Its value now, read back after the change (in a dry run: the value it would get); `nil` when it did not answer.
        public var current: Int?
        /// The configuration file it was started with; `nil` when none (the change then lasts until a restart).
        public var configFile: String?
        /// Whether `CONFIG REWRITE` saved the value in ``configFile``.
        public var persisted: Bool
        /// Why the node was not set (or not persisted); `nil` when all went well.
        public var error: String?

        /// Makes an entry.
        public init(node: Disagreement.NodeReference, previous: Int?, current: Int?, configFile: String?, persisted: Bool, error: String? = nil) {
            self.node = node
            self.previous = previous
            self.current = current
            self.configFile = configFile
            self.persisted = persisted
            self.error = error
        }
    }

    /// The timeout asked for, in milliseconds.
    public var milliseconds: Int
    /// Every node, in address order.
    public var nodes: [Entry]
    /// Whether the change was made: `false` in a dry run.
    public var applied: Bool

    /// Makes a report.
    public init(milliseconds: Int, nodes: [Entry], applied: Bool) {
        self.milliseconds = milliseconds
        self.nodes = nodes
        self.applied = applied
    }

    /// The nodes that could not be set or persisted.
    public var failed: [Entry] { nodes.filter { $0.error != nil } }
}
