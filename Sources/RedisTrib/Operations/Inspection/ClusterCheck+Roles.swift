import RESP

extension ClusterCheck {
    /// For each node whose role the views tell differently (master, replica of which master, or
    /// neither), which views see which role.
    static func roleDisagreements(_ views: [NodeView], directory: NodeDirectory) -> [CheckFinding] {
        var order: [String] = []
        var rolesByNode: [String: [(role: Disagreement.Role, viewer: NodeView)]] = [:]
        for view in views {
            for node in view.topology.nodes where !node.isInHandshake {
                if rolesByNode[node.id] == nil {
                    order.append(node.id)
                }
                let role: Disagreement.Role =
                    switch node.role {
                    case .master: .master
                    case .replica: node.masterID.map { .replica(of: directory.reference(to: $0)) } ?? .none
                    case nil: .none
                    }
                rolesByNode[node.id, default: []].append((role, view))
            }
        }
        return order.compactMap { id in
            let seen = rolesByNode[id] ?? []
            var roles: [Disagreement.Role] = []
            for entry in seen where !roles.contains(entry.role) {
                roles.append(entry.role)
            }
            guard roles.count > 1 else { return nil }
            let node = directory.reference(to: id)
            let claims = roles.map { role in
                let viewers = seen.filter { $0.role == role }.map(\.viewer)
                return "\(listed(viewers.map(\.address))) \(viewers.count == 1 ? "sees" : "see") \(role)"
            }
            var involved = [node] + seen.map { viewer($0.viewer) }
            for case .replica(let master) in roles {
                involved.append(master)
            }
            return CheckFinding(.roleDisagreement, "the nodes disagree on the role of \(node): " + claims.joined(separator: "; "), nodes: involved)
        }
    }
}
