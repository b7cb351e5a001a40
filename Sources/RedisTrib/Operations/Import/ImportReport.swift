import NIOCore
import RESP

/// What `import` did, or in a dry run would do: the keys per database and per master, the keys
/// the cluster held already with equal values, and the conflicts.
public struct ImportReport: Sendable, Hashable {
    /// A key of the source that the cluster holds with another value.
    public struct Conflict: Sendable, Hashable {
        /// The master that holds it.
        public var node: Disagreement.NodeReference
        /// Its database.
        public var database: Int
        /// The key.
        public var key: ByteBuffer

        /// Makes a conflict.
        public init(node: Disagreement.NodeReference, database: Int, key: ByteBuffer) {
            self.node = node
            self.database = database
            self.key = key
        }

        /// The key as text, invalid UTF-8 repaired: for JSON.
        public var keyText: String {
            String(decoding: key.readableBytesView, as: UTF8.self)
        }
    }

    /// The most conflicts a report lists; ``conflictCount`` counts them all.
    public static let listedConflicts = 100

    /// The standalone server the keys come from.
    public var source: NodeAddress
    /// Whether the keys stay on the source (`--copy`).
    public var copy: Bool
    /// Whether keys the cluster holds with other values are overwritten (`--replace`).
    public var replace: Bool
    /// Whether the keys were imported: `false` in a dry run.
    public var applied: Bool
    /// Keys imported (or to import) by database.
    public var keysByDatabase: [Int: Int]
    /// Keys imported (or to import) by the master that owns their slot.
    public var keysByMaster: [Disagreement.NodeReference: Int]
    /// Keys the cluster held already with the same value and expiry: not written (and, without `--copy`, deleted from the source).
    public var skippedEqual: Int
    /// The first conflicts (``listedConflicts``): overwritten with `--replace`, else what stops the import.
    public var conflicts: [Conflict]
    /// How many conflicts there were.
    public var conflictCount: Int
    /// Keys written on the source between their copy and their deletion (without `--copy`): left on
    /// the source with their new value, the cluster holding the value copied.
    public var changedOnSource: Int

    /// Makes a report.
    public init(
        source: NodeAddress, copy: Bool, replace: Bool, applied: Bool, keysByDatabase: [Int: Int] = [:],
        keysByMaster: [Disagreement.NodeReference: Int] = [:], skippedEqual: Int = 0, conflicts: [Conflict] = [], conflictCount: Int = 0,
        changedOnSource: Int = 0
    ) {
        self.source = source
        self.copy = copy
        self.replace = replace
        self.applied = applied
        self.keysByDatabase = keysByDatabase
        self.keysByMaster = keysByMaster
        self.skippedEqual = skippedEqual
        self.conflicts = conflicts
        self.conflictCount = conflictCount
        self.changedOnSource = changedOnSource
    }

    /// Keys imported (or to import), every database counted.
    public var keys: Int { keysByDatabase.values.reduce(0, +) }

    /// Whether conflicts stop the import: some, and no `--replace`.
    public var isBlocked: Bool { conflictCount > 0 && !replace }
}
