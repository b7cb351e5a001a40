import RESP

extension LayoutPlanner {
    /// A master a new replica may replicate.
    public struct MasterCandidate: Sendable, Hashable {
        /// The master.
        public var master: LayoutNode
        /// Its id.
        public var id: String
        /// Its replicas now.
        public var replicas: [LayoutNode]

        /// Makes a candidate.
        public init(master: LayoutNode, id: String, replicas: [LayoutNode]) {
            self.master = master
            self.id = id
            self.replicas = replicas
        }
    }

    /// The master `replica` should replicate: one on another host than the replica, then one with
    /// no replica on the replica's host, then the one with the fewest replicas, then one in another
    /// zone, then the lowest address; `nil` when there is no candidate.
    public static func chooseMaster(for replica: LayoutNode, among candidates: [MasterCandidate]) -> MasterCandidate? {
        candidates.min { one, two in
            let (first, second) = (rank(one, for: replica), rank(two, for: replica))
            return first != second ? first.lexicographicallyPrecedes(second) : one.master.address < two.master.address
        }
    }

    /// The order of ``chooseMaster(for:among:)``, lower first.
    private static func rank(_ candidate: MasterCandidate, for replica: LayoutNode) -> [Int] {
        let master = candidate.master
        return [
            master.host == replica.host ? 1 : 0,
            candidate.replicas.contains { $0.host == replica.host } ? 1 : 0,
            candidate.replicas.count,
            replica.sharesZone(with: master) ? 1 : 0,
        ]
    }
}
