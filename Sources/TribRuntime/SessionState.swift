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
        var defaultCluster: NodeAddress?
        var knownNodes: [ClusterNode] = []
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
        withLock { storage in
            var known = storage.knownNodes
            for node in nodes {
                if let index = known.firstIndex(where: { $0.id == node.id }) {
                    known[index] = node
                } else {
                    known.append(node)
                }
            }
            storage.knownNodes = known
        }
    }
}
