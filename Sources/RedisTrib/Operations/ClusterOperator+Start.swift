import RESP

extension ClusterOperator {
    /// `start`: one free node takes all 16384 slots and becomes a cluster of one.
    ///
    /// - Parameters:
    ///   - node: the free node.
    ///   - maxSlots: the most slots per `CLUSTER ADDSLOTS` call (all at once when `nil`).
    /// - Throws: ``TribError`` when the node is not cluster-enabled, already in a cluster, or not empty.
    public func start(_ node: NodeAddress, maxSlots: Int? = nil) async throws(TribError) {
        try await startMulti([node], maxSlots: maxSlots)
    }

    /// `start_multi`: a cluster of several free nodes, slots shared evenly in the order given (the
    /// first node takes the remainder), each node its own config epoch.
    ///
    /// - Throws: ``TribError`` for a repeated address or one node under two names, or a node that is
    ///   not free; nothing is changed then.
    public func startMulti(_ nodes: [NodeAddress], maxSlots: Int? = nil) async throws(TribError) {
        guard !nodes.isEmpty else {
            throw TribError(.invalidArgument, "start_multi needs at least one node")
        }
        if let maxSlots, maxSlots < 1 {
            throw TribError(.invalidArgument, "--max-slots must be at least 1, not \(maxSlots)")
        }
        var seen = Set<NodeAddress>()
        for node in nodes where !seen.insert(node).inserted {
            throw TribError(.invalidArgument, "\(node) is given more than once", node: node)
        }
        _ = try await forEachNode(nodes) { trib, address throws(TribError) in
            try await trib.requireFreeNode(address)
        }
        try await requireDistinctNodes(nodes)
        let shares = LayoutPlanner.evenShares(of: HashSlot.count, among: nodes.count)
        var first = 0
        for (index, node) in nodes.enumerated() {
            let slots = SlotSet(first...(first + shares[index] - 1))
            first += shares[index]
            step("\(node) takes slots \(slots)")
            try await addSlots(slots, to: node, maxSlots: maxSlots)
            if nodes.count > 1 {
                try await client(node).send("CLUSTER", "SET-CONFIG-EPOCH", String(index + 1))
            }
        }
        // Each node waits for the others with a short rejoin delay, put back once all agree (TemporarySettings).
        try await withTemporarySettings(on: nodes, changing: .shortNodeTimeout(clusterSize: nodes.count)) { () async throws(TribError) in
            if nodes.count > 1 {
                try await meet(nodes.dropFirst(), with: nodes[0])
            }
            try await waitForAgreement(from: nodes[0])
        }
    }

    /// `CLUSTER ADDSLOTS` in calls of at most `maxSlots` slots.
    func addSlots(_ slots: SlotSet, to node: NodeAddress, maxSlots: Int?) async throws(TribError) {
        let all = slots.map { String($0.rawValue) }
        let chunk = max(1, maxSlots ?? all.count)
        let client = try await client(node)
        var start = 0
        while start < all.count {
            let end = min(all.count, start + chunk)
            try await client.send(RedisCommand(["CLUSTER", "ADDSLOTS"] + all[start..<end]))
            start = end
        }
    }

    /// `CLUSTER MEET` of `anchor`, at the bus port its own view gives (``meetCommand(for:at:)``).
    func meetCommand(to anchor: NodeAddress) async throws(TribError) -> RedisCommand {
        try meetCommand(for: try await snapshot(of: anchor).myself, at: anchor)
    }

    /// `CLUSTER MEET` of `member` at `address`: its IP address (the command takes no names) and its
    /// bus port when that is not the port + 10000.
    ///
    /// - Throws: ``TribError`` when `address` is a name that does not resolve.
    func meetCommand(for member: ClusterNode, at address: NodeAddress) throws(TribError) -> RedisCommand {
        var meet = ["CLUSTER", "MEET", try HostResolver.ipAddress(of: address), String(address.port)]
        if let busPort = member.busPort, busPort != address.port + 10000 {
            meet.append(String(busPort))
        }
        return RedisCommand(meet)
    }

    /// Each node sends `CLUSTER MEET` to `anchor`, and the call returns once each knows it.
    func meet(_ nodes: some Collection<NodeAddress>, with anchor: NodeAddress) async throws(TribError) {
        let meet = try await meetCommand(to: anchor)
        for node in nodes {
            step("\(node) meets \(anchor)")
            try await client(node).send(meet)
        }
        // The handshake is asynchronous: until the anchor lists a newcomer, waiting on the
        // anchor's view could end before the newcomer is part of it.
        try await waitForMembership(of: Array(nodes), in: anchor)
    }
}
