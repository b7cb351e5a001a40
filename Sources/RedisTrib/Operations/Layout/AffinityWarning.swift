import RESP

/// A place where a layout puts a replica with its master or with another replica of its master,
/// because the nodes given leave no better choice.
public struct AffinityWarning: Sendable, Hashable {
    /// What is shared.
    public enum Kind: String, Sendable, Hashable {
        /// A replica runs on its master's host: one machine lost takes both.
        case replicaOnMasterHost = "replica-on-master-host"
        /// Replicas of one master run on one host.
        case replicasShareHost = "replicas-share-host"
        /// A replica is in its master's availability zone.
        case replicaInMasterZone = "replica-in-master-zone"
        /// Replicas of one master are in one availability zone.
        case replicasShareZone = "replicas-share-zone"
    }

    /// What is shared.
    public var kind: Kind
    /// The master.
    public var master: NodeAddress
    /// The replicas concerned: one for a replica with its master, two or more for replicas together.
    public var replicas: [NodeAddress]
    /// The host or zone they share.
    public var place: String

    /// One sentence: `127.0.0.1:7003 replicates 127.0.0.1:7000 on the same host (127.0.0.1)`.
    public var message: String {
        let names = replicas.map(\.description).joined(separator: ", ")
        switch kind {
        case .replicaOnMasterHost:
            return "\(names) replicates \(master) on the same host (\(place))"
        case .replicasShareHost:
            return "replicas \(names) of \(master) are on one host (\(place))"
        case .replicaInMasterZone:
            return "\(names) replicates \(master) in the same zone (\(place))"
        case .replicasShareZone:
            return "replicas \(names) of \(master) are in one zone (\(place))"
        }
    }
}
