import RESP
import RedisTrib

/// The lines of an `info` report, which the renderer prints and the call form `info(…)` returns.
extension CommandCatalog {
    /// Cells per row of `info --map`: 256 slots each.
    public static let slotMapCells = 64

    /// `info`'s lines: the map (``slotMapLines(_:palette:)``) when the report has the keys of every
    /// slot, else a line per master (``infoMasterLines(_:)``) and the totals (``infoTotalLines(_:)``).
    public static func infoLines(_ report: ClusterInfoReport, palette: SlotMapPalette = .plain) -> [String] {
        guard report.slotKeys != nil else { return infoMasterLines(report) + infoTotalLines(report) }
        return slotMapLines(SlotMapGrid(report, cellCount: slotMapCells), palette: palette)
    }

    /// A line per master, as redis-cli's `--cluster info` but with its replicas and memory:
    /// `127.0.0.1:7000 (e3f1a2b4…)  120 keys | 5461 slots | 1 replica | 1.2M used`, or
    /// `… unreachable: REASON`.
    public static func infoMasterLines(_ report: ClusterInfoReport) -> [String] {
        let names = report.masters.map(\.node.description)
        let width = names.map(\.count).max() ?? 0
        return zip(report.masters, names).map { master, name in
            let padded = padded(name, to: width + 2)
            guard let keys = master.keys, let memory = master.memoryUsed else {
                return padded + "unreachable: " + (master.unreachableReason ?? "no answer")
            }
            let replicas = counted(master.replicas.count, "replica")
            return padded + "\(counted(keys, "key")) | \(counted(master.slots.count, "slot")) | \(replicas) | \(byteText(memory)) used"
        }
    }

    /// The totals: `total: 360 keys, 16384 slots covered, 3 masters, 3 replicas, 3.6M used`, the
    /// masters not read when some were not, then the keys per covered slot on average.
    public static func infoTotalLines(_ report: ClusterInfoReport) -> [String] {
        var total =
            "total: \(counted(report.totalKeys, "key")), \(counted(report.coveredSlots.count, "slot")) covered, "
            + "\(counted(report.masters.count, "master")), \(counted(report.replicaCount, "replica")), \(byteText(report.totalMemoryUsed)) used"
        if report.unreachableCount > 0 {
            total += " (\(counted(report.unreachableCount, "master")) not read)"
        }
        return [total, "\(decimalText(report.keysPerSlot)) keys per slot on average"]
    }

    /// The map: a ruler, a row per master (`|` around its cells), a row of the uncovered slots when
    /// some are, then the legend.
    public static func slotMapLines(_ grid: SlotMapGrid, palette: SlotMapPalette) -> [String] {
        let labels = grid.rows.map { $0.master.address?.description ?? $0.master.shortID }
        let width = (labels + (grid.uncovered.contains(true) ? ["uncovered"] : [])).map(\.count).max() ?? 0
        let cellCount = grid.uncovered.count
        func label(_ text: String) -> String {
            padded(text, to: width + 1)
        }
        let last = String(HashSlot.count - 1)
        // The first and last slot over the first and last cell.
        var lines = [label("") + " 0" + String(repeating: " ", count: max(cellCount - 1 - last.count, 1)) + last]
        let maximum = grid.maximumKeys
        for (row, name) in zip(grid.rows, labels) {
            lines.append(label(name) + "|" + row.cells.map { palette.symbol($0, maximum: maximum) }.joined() + "|")
        }
        if grid.uncovered.contains(true) {
            lines.append(label("uncovered") + "|" + grid.uncovered.map { $0 ? palette.uncovered : palette.notOwned }.joined() + "|")
        }
        return lines + slotMapLegend(grid, palette: palette)
    }

    /// What the symbols mean: the slots of a cell, the keys of each shade, the marks.
    static func slotMapLegend(_ grid: SlotMapGrid, palette: SlotMapPalette) -> [String] {
        let maximum = grid.maximumKeys
        var shades = ["\(palette.noKeys) no keys"]
        for (index, symbol) in palette.shades.enumerated() {
            guard let keys = SlotMapGrid.keys(atLevel: index + 1, maximum: maximum, levels: palette.shades.count) else { continue }
            shades.append("\(symbol) " + (keys.count == 1 ? "\(keys.lowerBound)" : "\(keys.lowerBound)-\(keys.upperBound)"))
        }
        return [
            "each cell: \(grid.slotsPerCell) slots, shaded by the keys the row's master holds in them:",
            "  " + shades.joined(separator: "  "),
            "  \(palette.open) a slot migrating or importing  \(palette.unread) master not read  \(palette.uncovered) a slot no master owns  "
                + "blank: none of the master's slots",
        ]
    }

    /// `text` with spaces after it up to `width` characters.
    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 0))
    }

    /// Bytes as redis-cli's `*_human` fields, with one decimal: `900B`, `1.2K`, `3.4M`, `1.0G`.
    public static func byteText(_ bytes: Int) -> String {
        let units = ["K", "M", "G", "T", "P"]
        guard bytes >= 1024 else { return "\(bytes)B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return decimalText(value, places: 1) + units[unit]
    }

    /// `value` with `places` decimals (0.02), without Foundation's formatting.
    static func decimalText(_ value: Double, places: Int = 2) -> String {
        let scale = (0..<places).reduce(1) { product, _ in product * 10 }
        let scaled = (value * Double(scale)).rounded()
        guard scaled.isFinite, scaled < Double(Int.max / 10) else { return String(value) }
        let whole = Int(scaled)
        let fraction = String(whole % scale)
        return "\(whole / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
