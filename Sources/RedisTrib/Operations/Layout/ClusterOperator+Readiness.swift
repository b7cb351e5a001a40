import RESP

extension ClusterOperator {
    /// Polls until the cluster agrees (``waitForAgreement(from:requireStateOK:ignoringMarkersOf:)``:
    /// every node `cluster_state:ok`, one slot map, one set of members and roles) and every node of
    /// `replicas` reports `master_link_status:up`.
    ///
    /// - Throws: ``TribError`` `.notConverged` after ``OperationOptions/waitTimeout``, naming what
    ///   disagrees and the replicas whose link is not up.
    func waitUntilReady(from seed: NodeAddress, replicas: [NodeAddress]) async throws(TribError) {
        try await pollUntilSettled { () async throws(TribError) -> [String]? in
            var problems: [String] = []
            do throws(TribError) {
                let views = try await collectViews(from: seed)
                if let disagreement = ClusterAgreement.check(views) {
                    problems.append(disagreement.description)
                }
                let links = try await forEachNode(replicas) { trib, address throws(TribError) in
                    try await trib.client(address).info("replication")["master_link_status"] ?? "none"
                }
                let down = zip(replicas, links).filter { $0.1 != "up" }.map { "\($0.0) (\($0.1))" }
                if !down.isEmpty {
                    problems.append("replica links not up: " + down.joined(separator: ", "))
                }
            } catch {
                problems.append(error.description)
            }
            return problems.isEmpty ? nil : problems
        } failure: { problems, seconds in
            TribError(.notConverged, "the cluster was not ready within \(seconds) s: " + problems.joined(separator: "; "), node: seed)
        }
    }

    /// Polls `nodes` until each reports `cluster_state:ok`. A node that does not answer a poll (a
    /// busy node in a big cluster) is asked again at the next one, until the deadline.
    ///
    /// - Throws: ``TribError`` `.notConverged` after ``OperationOptions/waitTimeout``, naming the nodes
    ///   that do not report `ok`, and why when they did not answer.
    func waitUntilStateOK(_ nodes: [NodeAddress]) async throws(TribError) {
        try await pollUntilSettled { () async throws(TribError) -> [(NodeAddress, String)]? in
            let states = try await forEachNode(nodes) { trib, address throws(TribError) -> String in
                do throws(TribError) {
                    return try await trib.client(address).clusterInfo()["cluster_state"] ?? "unknown"
                } catch {
                    return "no answer: \(error.message)"
                }
            }
            let waiting = zip(nodes, states).filter { $0.1 != "ok" }
            return waiting.isEmpty ? nil : Array(waiting)
        } failure: { waiting, seconds in
            TribError(
                .notConverged,
                "within \(seconds) s, these nodes did not report cluster_state:ok: " + waiting.map { "\($0.0) (\($0.1))" }.joined(separator: ", "),
                node: waiting.first?.0
            )
        }
    }
}
