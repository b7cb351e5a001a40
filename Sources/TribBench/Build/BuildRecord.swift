/// What one build case measured for one shape, server, tool and command: every run's seconds.
struct BuildRecord: Sendable {
    var caseID: String
    var caseTitle: String
    var server: String
    var shape: ClusterShape
    var builder: ClusterBuildCase.Builder
    /// `nil`: the create itself, timed until the cluster was ready.
    var operation: ClusterBuildCase.Operation?
    /// Seconds of each run that passed (for a create: from its start until the cluster was ready).
    var seconds: [Double] = []
    /// For a create: seconds until the tool exited.
    var exitSeconds: [Double] = []
    /// Why runs failed.
    var failures: [String] = []
}
