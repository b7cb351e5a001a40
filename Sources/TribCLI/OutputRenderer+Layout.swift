import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage

extension OutputRenderer {
    /// `create`'s text: the outcome when the cluster was built (its layout was printed before the
    /// work, ``EventPrinter``), the layout then the outcome for a dry run.
    static func layoutText(for layout: ClusterLayout) -> String {
        let lines = (layout.applied ? [] : CommandCatalog.layoutLines(layout)) + [CommandCatalog.layoutOutcomeText(layout)]
        return lines.map(TerminalText.escapingControls).joined(separator: "\n")
    }

    /// `{"command", "applied", "summary", "masters": [{"address", "host", "zone", "slots", "slot_count", "replicas":
    /// [{"address", "host", "zone"}]}], "warnings": [{"kind", "message", "master", "replicas", "place"}]}`, as the README documents it.
    static func layoutObject(for layout: ClusterLayout, command: String) -> [String: Any] {
        func place(_ node: LayoutNode) -> [String: Any] {
            ["address": node.address.description, "host": node.host, "zone": node.zone ?? NSNull()]
        }
        return [
            "command": command,
            "applied": layout.applied,
            "summary": CommandCatalog.layoutOutcomeText(layout),
            "masters": layout.shards.map { shard -> [String: Any] in
                place(shard.master).merging(
                    ["slots": shard.slots.description, "slot_count": shard.slots.count, "replicas": shard.replicas.map(place)]
                ) { first, _ in first }
            },
            "warnings": layout.warnings.map { warning -> [String: Any] in
                [
                    "kind": warning.kind.rawValue,
                    "message": warning.message,
                    "master": warning.master.description,
                    "replicas": warning.replicas.map(\.description),
                    "place": warning.place,
                ]
            },
        ]
    }
}
