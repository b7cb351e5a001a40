import Foundation
import RESP
import RedisTrib

/// What outlives one `run`: the top-level variables, the default cluster and the nodes seen.
///
/// Guarded by a lock so the line editor can read names for completion while a script runs; no
/// lock is held across an `await`.
final class SessionState: @unchecked Sendable {
    struct Storage {
        var globals: [String: Value] = [:]
        /// The functions `def` defined, by name.
        var functions: [String: DefinedFunction] = [:]
        var defaultCluster: NodeAddress?
        /// The connection string of the last `connect` given one; its credentials and TLS go with every command.
        var login: ConnectionURI?
        /// Every node seen, in the order first seen, each as last seen; see ``remember(_:)``.
        private(set) var knownNodes: [ClusterNode] = []
        /// The index in ``knownNodes`` of each node id.
        private var knownNodeIndices: [String: Int] = [:]

        /// Adds nodes to ``knownNodes``, replacing older sightings of the same id in place.
        mutating func remember(_ nodes: [ClusterNode]) {
            for node in nodes {
                if let index = knownNodeIndices[node.id] {
                    knownNodes[index] = node
                } else {
                    knownNodeIndices[node.id] = knownNodes.count
                    knownNodes.append(node)
                }
            }
        }
    }

    private let lock = NSLock()
    private var storage = Storage()

    init(globals: [String: Value]) {
        storage.globals = globals
    }

    func withLock<Result>(_ body: (inout Storage) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&storage)
    }

    /// Adds nodes to ``Storage/knownNodes``, replacing older sightings of the same id.
    func remember(_ nodes: [ClusterNode]) {
        guard !nodes.isEmpty else { return }
        withLock { $0.remember(nodes) }
    }
}
