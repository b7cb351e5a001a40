import Foundation

/// A list of maps, nodes or replies as rows and columns, for the shell and scripts to print
/// aligned: what a list of records is easier to read as.
///
/// Nodes give `addr`, `role`, `master`, `slots` and `id`; maps the union of their keys, in the
/// order first seen; replies `node` and `value` (or `error`). Other values print plainly.
public struct ValueTable: Sendable, Hashable {
    /// The column names, in order.
    public let columns: [String]
    /// Each row's cells as text, one per column (empty where a map has no such key).
    public let rows: [[String]]

    /// The columns a list of nodes shows.
    public static let nodeColumns = ["addr", "role", "master", "slots", "id"]

    /// The table of `value`, or `nil` when it is no non-empty list of maps, nodes or replies all of one kind.
    public init?(_ value: Value) {
        guard case .list(let elements) = value, let first = elements.first else { return nil }
        switch first {
        case .node:
            guard elements.allSatisfy({ if case .node = $0 { true } else { false } }) else { return nil }
            columns = Self.nodeColumns
            rows = elements.map { element in Self.nodeColumns.map { element.attribute($0).map(Self.cell) ?? "" } }
        case .map:
            var keys: [String] = []
            var seen: Set<String> = []
            for element in elements {
                guard case .map(let map) = element else { return nil }
                for key in map.keys where seen.insert(key).inserted {
                    keys.append(key)
                }
            }
            columns = keys
            rows = elements.map { element in keys.map { element.attribute($0).map(Self.cell) ?? "" } }
        case .reply:
            guard elements.allSatisfy({ if case .reply = $0 { true } else { false } }) else { return nil }
            columns = ["node", "value"]
            rows = elements.compactMap { element in
                guard case .reply(let reply) = element else { return nil }
                return [reply.node.label, reply.error.map { "(error) " + $0 } ?? Self.cell(reply.value)]
            }
        default:
            return nil
        }
    }

    /// A value in a cell: nodes by their label, `nil` empty, the rest as `echo` writes it.
    static func cell(_ value: Value) -> String {
        switch value {
        case .nilValue: ""
        case .node(let node): node.label
        case .string(let text): text
        default: value.description
        }
    }

    /// The table as lines: the column names, then each row, columns two spaces apart and padded to
    /// the widest cell; the last column is not padded.
    public var lines: [String] {
        let all = [columns] + rows
        let widths = columns.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
