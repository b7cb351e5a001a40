import Foundation
import RESP

/// The layout of a cluster as `backup` records it in `cluster.json`: every node, its role,
/// slots, epoch and address, and the RDB file of each master.
struct BackupLayout: Codable, Sendable {
    struct Node: Codable, Sendable {
        var id: String
        var address: String?
        var role: String
        var masterID: String?
        var flags: [String]
        var slots: String
        var slotRanges: [[Int]]
        var configEpoch: UInt64
        var linkState: String
        /// The RDB file of a master, relative to the layout file.
        var file: String?

        enum CodingKeys: String, CodingKey {
            case id, address, role, flags, slots, file
            case masterID = "master_id"
            case slotRanges = "slot_ranges"
            case configEpoch = "config_epoch"
            case linkState = "link_state"
        }
    }

    /// The format of this file, for readers to check.
    var format = 1
    /// When the snapshots were taken (ISO 8601, UTC).
    var takenAt: String
    /// The node whose view this is.
    var seed: String
    /// The seed's `cluster_current_epoch`.
    var currentEpoch: UInt64?
    var nodes: [Node]

    enum CodingKeys: String, CodingKey {
        case format, seed, nodes
        case takenAt = "taken_at"
        case currentEpoch = "current_epoch"
    }

    init(snapshot: ClusterSnapshot, currentEpoch: UInt64?, files: [String: String], takenAt: Date) {
        self.takenAt = ISO8601DateFormatter().string(from: takenAt)
        self.seed = snapshot.seed.description
        self.currentEpoch = currentEpoch
        self.nodes = snapshot.topology.nodes.sorted { ($0.address?.description ?? $0.id) < ($1.address?.description ?? $1.id) }.map { node in
            Node(
                id: node.id, address: node.address?.description, role: node.role?.rawValue ?? "none", masterID: node.masterID,
                flags: node.flags.map(\.rawValue).filter { $0 != "myself" }.sorted(), slots: node.slots.description,
                slotRanges: node.slots.ranges.map { [$0.lowerBound, $0.upperBound] }, configEpoch: node.configEpoch,
                linkState: node.linkState.rawValue, file: files[node.id])
        }
    }

    /// The layout as JSON, keys sorted and indented, for a person to read too.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
