/// One tool in one case on one server: what a row of the table is about.
struct CaseTool: Sendable, Hashable {
    var caseID: String
    var caseTitle: String
    /// `Redis 7.0.15`.
    var server: String
    var tool: BenchTool

    init(_ benchCase: BenchCase, _ tool: BenchTool) {
        caseID = benchCase.id
        caseTitle = benchCase.title
        server = benchCase.server.name
        self.tool = tool
    }
}

/// What one timed run of one tool measured, or why it failed.
struct RunRecord: Sendable {
    var subject: CaseTool
    var repetition: Int
    var wallSeconds: Double = 0
    /// Untimed: writing the keys before the tool ran.
    var fillSeconds: Double = 0
    /// Untimed: fingerprinting the keys before the tool ran.
    var fingerprintSeconds: Double = 0
    /// Untimed: waiting for the cluster to settle and fingerprinting the keys after.
    var checkSeconds: Double = 0
    /// `nil` when it could not be measured.
    var peakKiB: Int?
    /// CPU seconds of the tool process; `nil` when not measured.
    var cpuSeconds: Double?
    /// CPU seconds all the nodes used while the tool ran; `nil` when not measured.
    var serverCPUSeconds: Double?
    /// Seconds redis-trib's migration engine ran, from its start (counting the keys of the slots
    /// included) to its end: the `elapsed` of the `migration_summary` it prints with `--json`. For a
    /// join it leaves out meeting the new node and waiting for it, which come before. `nil` for the other tools.
    var movingSeconds: Double?
    /// Seconds from the tool's start until the cluster was ready for clients (``ClusterReadiness``);
    /// `nil` where the case does not wait for it.
    var readySeconds: Double?
    /// What the load client measured while the tool ran; `nil` without one.
    var load: LoadLatency?
    /// Keys that changed master, as counted after the run.
    var keysMoved = 0
    /// Whether the server moved the slots itself: Valkey's `CLUSTER GETSLOTMIGRATIONS` lists a job afterwards.
    var usedAtomicMigration = false
    /// Why the run does not count: the tool failed, or a check after it found a problem.
    var failure: String?
}

/// A tool that a case lists but that did not run, and why.
struct SkippedTool: Sendable {
    var subject: CaseTool
    var reason: String
}
