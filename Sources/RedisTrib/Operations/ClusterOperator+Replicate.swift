import RESP

extension ClusterOperator {
    /// `replicate`: a free node joins and becomes a replica of `master` (of its master, when
    /// `master` is itself a replica); returns once the cluster shows the new replica.
    ///
    /// The free node meets the cluster and is attached as soon as it knows the master: it never has
    /// to serve as a master, so it does not wait to report `cluster_state:ok` as one.
    ///
    /// - Throws: ``TribError`` when the replica is not free or is the master under another name, the
    ///   master is a free node, or cannot be reached.
    public func replicate(master: NodeAddress, replica: NodeAddress) async throws(TribError) {
        try await requireDistinctNodes([master, replica])
        let snapshot = try await snapshot(of: master)
        try requireClusterMember(snapshot, role: "the master")
        var masterNode = snapshot.myself
        if masterNode.isReplica {
            guard let masterID = masterNode.masterID, let real = snapshot.topology.node(id: masterID) else {
                throw TribError(.preconditionFailed, "\(master) is a replica whose master is unknown", node: master)
            }
            masterNode = real
        }
        guard !masterNode.isFailed else {
            throw TribError(.preconditionFailed, "the master \(snapshot.name(of: masterNode.id)) is failing", node: master)
        }
        let masterAddress = try snapshot.address(of: masterNode)
        try await requireFreeNode(replica)
        // A replica needs to know its master, not to be an `ok` master first (which would cost it the rejoin delay).
        try await addToCluster(cluster: masterAddress, newNode: replica, membershipOnly: true)
        try await waitUntilReplicasKnowMasters([(replica, masterNode.id)])
        step("\(replica) replicates \(masterAddress)")
        try await client(replica).send("CLUSTER", "REPLICATE", masterNode.id)
        try await announceRoles(of: [replica])
        try await waitForAgreement(from: masterAddress)
    }
}
