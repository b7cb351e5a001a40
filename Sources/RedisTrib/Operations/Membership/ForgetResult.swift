import RESP

/// What ``ClusterOperator/forget(cluster:nodeID:)`` did.
public struct ForgetResult: Sendable, Hashable {
    /// The forgotten node's whole id.
    public var nodeID: String
    /// Its last known address, when the cluster knew one.
    public var address: NodeAddress?
    /// The live nodes told to forget it, each of which no longer lists it (none in a dry run's
    /// check, which sends nothing).
    public var toldNodes: [NodeAddress]
    /// How many times `CLUSTER FORGET` went round them: more than one when a round outlasted
    /// ``ClusterOperator/forgetResendAfter``.
    public var rounds: Int
    /// Whether the node still answered and was forgotten anyway (`--force`): it will come back by
    /// gossip once the cluster's 60-second ban ends, unless it is stopped or reset.
    public var wasAlive: Bool
}
