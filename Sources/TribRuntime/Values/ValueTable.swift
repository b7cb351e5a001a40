import TribLanguage

/// A list of maps, nodes or replies as rows and columns, or one map as its entries, for the shell
/// and scripts to print aligned: what records are easier to read as.
///
/// Nodes give `addr`, `role`, `master`, `slots` and `id`; maps the union of their keys, in the
/// order first seen; replies `node` and `value` (or `error`); a map on its own a row per entry,
/// its `key` and `value`. Other values print plainly. Cells and column names have their control
/// characters escaped (``TerminalText/escapingCell(_:)``), so a value with a line break stays on
/// its row, and columns are aligned by display width (``TerminalText/width(of:)``).
public struct ValueTable: Sendable, Hashable {
    /// The column names, in order.
    public let columns: [String]
    /// Each row's cells as text, one per column (empty where a map has no such key).
    public let rows: [[String]]

    /// The columns a list of nodes shows.
    public static let nodeColumns = ["addr", "role", "master", "slots", "id"]
    /// The columns a map on its own shows.
    public static let entryColumns = ["key", "value"]

    /// The table of `value`, or `nil` when it is neither a non-empty list of maps, nodes or
    /// replies all of one kind nor a non-empty map.
    public init?(_ value: Value) {
        guard let (columns, rows) = Self.cells(of: value) else { return nil }
        self.columns = columns.map(TerminalText.escapingCell)
        self.rows = rows.map { $0.map(TerminalText.escapingCell) }
    }

    /// The column names and rows of `value`, their text as the values give it.
    private static func cells(of value: Value) -> (columns: [String], rows: [[String]])? {
        if case .map(let map) = value {
            guard map.count > 0 else { return nil }
            return (entryColumns, map.entries.map { [$0.key, cell($0.value)] })
        }
        guard case .list(let elements) = value, let first = elements.first else { return nil }
        switch first {
        case .node:
            guard elements.allSatisfy({ if case .node = $0 { true } else { false } }) else { return nil }
            return (nodeColumns, elements.map { element in nodeColumns.map { element.attribute($0).map(cell) ?? "" } })
        case .map:
            var keys: [String] = []
            var seen: Set<String> = []
            for element in elements {
                guard case .map(let map) = element else { return nil }
                for key in map.keys where seen.insert(key).inserted {
                    keys.append(key)
                }
            }
            // Maps with no keys at all make no columns: no table (`[{}, {}]` prints as it is).
            guard !keys.isEmpty else { return nil }
            return (keys, elements.map { element in keys.map { element.attribute($0).map(cell) ?? "" } })
        case .reply:
            guard elements.allSatisfy({ if case .reply = $0 { true } else { false } }) else { return nil }
            let rows = elements.compactMap { element -> [String]? in
                guard case .reply(let reply) = element else { return nil }
                return [reply.node.label, reply.error.map { "(error) " + $0 } ?? cell(reply.value)]
            }
            return (["node", "value"], rows)
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
        // A replica's slots, or a master's with none: an empty cell, as `list` shows them.
        case .slots(let slots) where slots.isEmpty: ""
        default: value.description
        }
    }

    /// The table as lines: the column names, then each row, columns two spaces apart and padded to
    /// the widest cell's display width; the last column is not padded.
    public var lines: [String] {
        let all = [columns] + rows
        let widths = columns.indices.map { column in all.map { TerminalText.width(of: $0[column]) }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : TerminalText.padding(row[column], toWidth: widths[column])
            }.joined(separator: "  ")
        }
    }
}
