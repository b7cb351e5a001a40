/// A case that creates clusters instead of moving slots: F (time until a new cluster is ready),
/// E (clusters of 6 to 300 nodes, then the commands that talk to every node) and S (start-up: the
/// shortest commands, many times, on 6 nodes).
struct ClusterBuildCase: Sendable {
    /// Which tool creates the cluster and runs the commands on it.
    enum Builder: String, Sendable, CaseIterable {
        case trib = "redis-trib"
        case cli = "redis-cli"
    }

    /// A command timed on the created cluster.
    enum Operation: String, Sendable, CaseIterable {
        case version, list, check, info, ping

        /// How the table names it for each tool.
        var title: String {
            switch self {
            case .version: "redis-trib --version"
            case .list: "list / —"
            case .check: "check / --cluster check"
            case .info: "info / --cluster info"
            case .ping: "execute NODE PING / --cluster call NODE PING"
            }
        }
    }

    /// `E`, `F` or `S`.
    var id: String
    var title: String
    var server: ServerBinary
    var shapes: [ClusterShape]
    var builders: [Builder]
    /// Fresh nodes and a timed create this many times per shape and builder.
    var createRepetitions: Int
    /// Commands timed on the last cluster created, each this many times.
    var operations: [Operation]
    var operationRepetitions: Int

    /// The build cases to run on `server`.
    static func plan(for server: ServerBinary, quick: Bool, only: Set<String>, repetitions: Int?, scaleSizes: [Int]) -> [ClusterBuildCase] {
        var cases: [ClusterBuildCase] = []
        if only.contains("F") {
            cases.append(
                ClusterBuildCase(
                    id: "F", title: "create, until ready", server: server,
                    shapes: [
                        ClusterShape(masters: 3, replicasPerMaster: 0), ClusterShape(masters: 6, replicasPerMaster: 0),
                        ClusterShape(masters: 3, replicasPerMaster: 1),
                    ],
                    builders: Builder.allCases, createRepetitions: repetitions ?? (quick ? 1 : 3), operations: [], operationRepetitions: 0))
        }
        if only.contains("S") {
            cases.append(
                ClusterBuildCase(
                    id: "S", title: "start-up, 3+3 nodes", server: server, shapes: [ClusterShape(masters: 3, replicasPerMaster: 1)],
                    builders: Builder.allCases, createRepetitions: 1, operations: [.version, .list, .check], operationRepetitions: quick ? 10 : 20))
        }
        if only.contains("E") {
            cases.append(
                ClusterBuildCase(
                    id: "E", title: "scale", server: server, shapes: scaleSizes.map(ClusterShape.halfReplicas),
                    builders: Builder.allCases, createRepetitions: 1, operations: [.check, .info, .list, .ping], operationRepetitions: repetitions ?? 5))
        }
        return cases
    }
}
