import RESP

/// What ``ClusterOperator/check(_:)`` found: the nodes it read and every finding.
public struct ClusterCheckReport: Sendable, Hashable {
    /// The nodes whose views were read, in address order, as the findings name them.
    public var checkedNodes: [NodeAddress]
    /// Every finding, errors and warnings, in ``ClusterCheck`` order.
    public var findings: [CheckFinding]

    /// A report of `findings` from the views of `checkedNodes`.
    public init(checkedNodes: [NodeAddress], findings: [CheckFinding]) {
        self.checkedNodes = checkedNodes
        self.findings = findings
    }

    /// Whether no finding is an error; warnings alone leave a cluster healthy.
    public var isHealthy: Bool {
        !findings.contains { $0.severity == .error }
    }
}
