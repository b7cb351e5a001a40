import RESP
import RedisTrib

/// The lines of a `create` layout, which the event printer shows before the work, the renderer
/// prints for a dry run, and the call form `create(…)` returns.
extension CommandCatalog {
    /// The layout: a line per master (`master 127.0.0.1:7000  slots 0-5461 (5462)`), a line per
    /// replica under it, then `[WARNING] …` per ``AffinityWarning``.
    public static func layoutLines(_ layout: ClusterLayout) -> [String] {
        var lines = ["layout: \(counted(layout.shards.count, "master")), \(counted(layout.replicaCount, "replica"))"]
        for shard in layout.shards {
            lines.append("  master \(placeText(shard.master))  slots \(shard.slots) (\(shard.slots.count))")
            for replica in shard.replicas {
                lines.append("    replica \(placeText(replica))")
            }
        }
        return lines + layout.warnings.map { "[WARNING] " + $0.message }
    }

    /// What `create` did once the cluster is ready, or that a dry run changed nothing.
    public static func layoutOutcomeText(_ layout: ClusterLayout) -> String {
        guard layout.applied else { return "[DRY RUN] layout planned, nothing changed" }
        let warned = layout.warnings.isEmpty ? "" : " (\(counted(layout.warnings.count, "affinity warning")))"
        return "[OK] cluster of \(counted(layout.shards.count, "master")) and \(counted(layout.replicaCount, "replica")) ready\(warned): "
            + "every node cluster_state:ok, one slot map, every replica's link up"
    }

    /// `127.0.0.1:7000`, with the host when the name is not it (`localhost:7000 (127.0.0.1)`) and the zone when known.
    static func placeText(_ node: LayoutNode) -> String {
        var text = node.address.description
        if node.address.host != node.host { text += " (\(node.host))" }
        if let zone = node.zone { text += " zone \(zone)" }
        return text
    }
}
