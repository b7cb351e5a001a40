/// The 16384 slots as a grid for a map: a row per master, each cell a run of ``slotsPerCell``
/// slots showing that master's share of the run; and which runs hold uncovered slots. Data only:
/// a renderer chooses the characters and colours.
public struct SlotMapGrid: Sendable, Hashable {
    /// What a cell of a master's row shows, most telling first.
    public enum Cell: Sendable, Hashable {
        /// The master owns no slot of the run, and none of it is open on it.
        case notOwned
        /// A slot of the run is open on the master (migrating or importing).
        case open
        /// The master owns slots of the run but could not be read: its keys are unknown.
        case unread
        /// The master owns slots of the run, holding `keys` keys in them.
        case owned(keys: Int)
    }

    /// A master's row.
    public struct Row: Sendable, Hashable {
        /// The master.
        public var master: Disagreement.NodeReference
        /// Its cells, left to right.
        public var cells: [Cell]
    }

    /// Slots per cell; the last cell may have fewer.
    public let slotsPerCell: Int
    /// A row per master, in the report's order.
    public let rows: [Row]
    /// For each cell, whether a slot of its run is owned by no master.
    public let uncovered: [Bool]

    /// The grid of `report`'s masters and slot keys, in `cellCount` cells per row (1…16384).
    public init(_ report: ClusterInfoReport, cellCount: Int) {
        let cellCount = min(max(cellCount, 1), HashSlot.count)
        let slotsPerCell = (HashSlot.count + cellCount - 1) / cellCount
        let runs = stride(from: 0, to: HashSlot.count, by: slotsPerCell).map { SlotSet($0...min($0 + slotsPerCell, HashSlot.count) - 1) }
        let keys = report.slotKeys ?? []
        self.slotsPerCell = slotsPerCell
        self.rows = report.masters.map { master in
            let cells = runs.map { run -> Cell in
                if !master.openSlots.isDisjoint(with: run) { return .open }
                let owned = master.slots.intersection(run)
                if owned.isEmpty { return .notOwned }
                if master.keys == nil { return .unread }
                return .owned(keys: owned.reduce(0) { $0 + (keys.indices.contains(Int($1.rawValue)) ? keys[Int($1.rawValue)] : 0) })
            }
            return Row(master: master.node, cells: cells)
        }
        let uncovered = report.uncoveredSlots
        self.uncovered = runs.map { !uncovered.isDisjoint(with: $0) }
    }

    /// The most keys a cell holds, 0 when no cell holds any.
    public var maximumKeys: Int {
        rows.flatMap(\.cells).reduce(0) { most, cell in
            if case .owned(let keys) = cell { return max(most, keys) }
            return most
        }
    }

    /// The shade of a cell holding `keys` keys, from 0 (none) to `levels`, in equal steps up to
    /// `maximum`: any key at all is at least 1, `maximum` is `levels`.
    public static func level(of keys: Int, maximum: Int, levels: Int) -> Int {
        guard keys > 0, maximum > 0, levels > 0 else { return 0 }
        let scaled = (Double(min(keys, maximum)) * Double(levels) / Double(maximum)).rounded(.up)
        return min(max(Int(scaled), 1), levels)
    }

    /// The keys a cell of shade `level` holds (`1...12`), `nil` when no count has that shade; the
    /// inverse of ``level(of:maximum:levels:)``, for a legend.
    public static func keys(atLevel level: Int, maximum: Int, levels: Int) -> ClosedRange<Int>? {
        guard level > 0, level <= levels, maximum > 0 else { return nil }
        let lower = (level - 1) * maximum / levels + 1
        let upper = level * maximum / levels
        return lower <= upper ? lower...upper : nil
    }
}
