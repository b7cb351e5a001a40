import RESP

extension ClusterOperator {
    /// A cluster of free masters, slots shared as ``startMulti(_:maxSlots:)`` shares them, with free
    /// replicas attached in one round: the replica at index *i* replicates master *i* modulo the
    /// number of masters.
    ///
    /// Every replica meets the cluster at once and one wait covers them all, not one per replica.
    /// - Throws: ``TribError`` for a repeated address, one node under two names, or a node that is
    ///   not free; nothing is changed then.
    public func startMulti(_ masters: [NodeAddress], replicas: [NodeAddress], maxSlots: Int? = nil) async throws(TribError) {
        guard !replicas.isEmpty else {
            try await startMulti(masters, maxSlots: maxSlots)
            return
        }
        guard !masters.isEmpty else {
            throw TribError(.invalidArgument, "replicas need at least one master")
        }
        var seen = Set(masters)
        for replica in replicas where !seen.insert(replica).inserted {
            throw TribError(.invalidArgument, "\(replica) is given more than once", node: replica)
        }
        _ = try await forEachNode(replicas) { trib, address throws(TribError) in
            try await trib.requireFreeNode(address)
        }
        try await requireDistinctNodes(masters + replicas)
        try await startMulti(masters, maxSlots: maxSlots)
        try await meet(replicas, with: masters[0])
        try await waitForAgreement(from: masters[0])
        let masterIDs = try await forEachNode(masters) { trib, address throws(TribError) in
            try await trib.client(address).myID()
        }
        for (index, replica) in replicas.enumerated() {
            step("\(replica) replicates \(masters[index % masters.count])")
            try await client(replica).send("CLUSTER", "REPLICATE", masterIDs[index % masters.count])
        }
        try await waitForAgreement(from: masters[0])
    }
}
