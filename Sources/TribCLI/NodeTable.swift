import Foundation
import RESP
import RedisTrib
import TribLanguage

/// The node list as a table: each master with its replicas under it, slot ranges compacted.
enum NodeTable {
    static func render(_ nodes: [ClusterNode], myself: ClusterNode, colour: Bool) -> String {
        var rows: [[String]] = [["ROLE", "ADDRESS", "ID", "SLOTS", "FLAGS"]]
        let masters = nodes.filter { $0.isMaster }.sorted { lhs, rhs in
            switch (lhs.address, rhs.address) {
            case (let left?, let right?): return left < right
            default: return lhs.address != nil
            }
        }
        var listed = Set<String>()
        for master in masters {
            rows.append(row(master, role: "master", myself: myself))
            listed.insert(master.id)
            for replica in nodes.filter({ $0.masterID == master.id && $0.isReplica }) {
                rows.append(row(replica, role: "  replica", myself: myself))
                listed.insert(replica.id)
            }
        }
        for other in nodes where !listed.contains(other.id) {
            rows.append(row(other, role: other.isReplica ? "replica" : "none", myself: myself))
        }
        let widths = (0..<5).map { column in rows.map { TerminalText.width(of: $0[column]) }.max() ?? 0 }
        return rows.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : TerminalText.padding(cell, toWidth: widths[column] + 2)
            }.joined().trimmingTrailingSpaces()
            return colour ? paint(line, header: index == 0, flags: row[4], role: row[0]) : line
        }.joined(separator: "\n")
    }

    /// ANSI colours for a terminal: the header bold, failing nodes red, masters bright, replicas dim.
    private static func paint(_ line: String, header: Bool, flags: String, role: String) -> String {
        let code: String
        if header {
            code = "1"
        } else if flags.contains("fail") || flags.contains("noaddr") {
            code = "31"
        } else if flags.contains("->-") || flags.contains("-<-") || flags.contains("handshake") {
            code = "33"
        } else if role == "master" {
            code = "1;32"
        } else {
            code = "2"
        }
        return "\u{1B}[\(code)m\(line)\u{1B}[0m"
    }

    private static func row(_ node: ClusterNode, role: String, myself: ClusterNode) -> [String] {
        var flags: [String] = []
        if node.id == myself.id { flags.append("myself") }
        for flag in [ClusterNode.Flag.failed, .possiblyFailed, .handshake, .noAddress, .noFailover] where node.flags.contains(flag) {
            flags.append(flag.rawValue)
        }
        if node.linkState == .disconnected { flags.append("disconnected") }
        for (slot, target) in node.migrating.sorted(by: { $0.key < $1.key }) { flags.append("[\(slot)->-\(target.prefix(8))]") }
        for (slot, source) in node.importing.sorted(by: { $0.key < $1.key }) { flags.append("[\(slot)-<-\(source.prefix(8))]") }
        let slots = node.slots.isEmpty ? "-" : "\(node.slots) (\(node.slots.count))"
        return [role, node.address?.description ?? "(no address)", node.id, slots, flags.joined(separator: " ")]
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
