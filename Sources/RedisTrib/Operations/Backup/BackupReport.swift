/// What `backup` wrote, or in a dry run would write: one RDB file per master and the layout file.
public struct BackupReport: Sendable, Hashable {
    /// One master's snapshot.
    public struct MasterFile: Sendable, Hashable {
        /// The master it was fetched from.
        public var node: Disagreement.NodeReference
        /// The file's path.
        public var path: String
        /// What checking the file found; `nil` in a dry run.
        public var check: RDBFileCheck?

        /// Makes an entry.
        public init(node: Disagreement.NodeReference, path: String, check: RDBFileCheck? = nil) {
            self.node = node
            self.path = path
            self.check = check
        }
    }

    /// The folder the files are in.
    public var directory: String
    /// The layout of the cluster (`cluster.json`).
    public var layoutPath: String
    /// A file per master, in address order.
    public var files: [MasterFile]
    /// Whether the files were written: `false` in a dry run.
    public var applied: Bool

    /// Makes a report.
    public init(directory: String, layoutPath: String, files: [MasterFile], applied: Bool) {
        self.directory = directory
        self.layoutPath = layoutPath
        self.files = files
        self.applied = applied
    }

    /// The bytes of every file written.
    public var totalBytes: Int {
        files.reduce(0) { $0 + ($1.check?.size ?? 0) }
    }
}
