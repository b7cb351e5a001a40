import RESP
import RedisTrib

/// The lines of `set_timeout`, `import` and `backup`, which the renderer prints and their call forms return.
extension CommandCatalog {
    /// `set_timeout`'s table, a row per node (`NODE  OLD  NEW  PERSISTED`), then a summary line:
    /// `[OK] …`, `[ERR] …` when a node was not set or not saved, `[DRY RUN] …` in a dry run.
    public static func nodeTimeoutLines(_ report: NodeTimeoutReport) -> [String] {
        let rows = report.nodes.map { entry -> [String] in
            let persisted: String
            if let error = entry.error {
                persisted = "error: " + error
            } else if let file = entry.configFile {
                persisted = (report.applied ? (entry.persisted ? "yes: " : "no: ") : "would rewrite ") + file
            } else {
                persisted = "no: started without a config file"
            }
            return [entry.node.description, entry.previous.map(String.init) ?? "-", entry.current.map(String.init) ?? "-", persisted]
        }
        let table = tableLines([["NODE", "OLD", report.applied ? "NEW" : "WOULD BE", "PERSISTED"]] + rows)
        let failed = report.failed.count
        let summary: String
        if !report.applied {
            summary = "[DRY RUN] cluster-node-timeout would be \(report.milliseconds) ms on \(counted(report.nodes.count, "node")); nothing was changed"
        } else if failed > 0 {
            summary =
                "[ERR] \(failed) of \(counted(report.nodes.count, "node")) not set or not saved; cluster-node-timeout is \(report.milliseconds) ms on the others"
        } else {
            summary = "[OK] cluster-node-timeout is \(report.milliseconds) ms on \(counted(report.nodes.count, "node"))"
        }
        return table + [summary]
    }

    /// `import`'s lines: what was imported (or would be) and from where, the keys per database and
    /// per master, the keys skipped or replaced, and in a dry run the conflicts that would stop it.
    public static func importLines(_ report: ImportReport) -> [String] {
        let fate = report.copy ? "copied: kept on the source" : "moved: deleted from the source"
        var lines = [
            (report.applied ? "[OK] imported " : "[DRY RUN] would import ")
                + "\(report.keys.grouped) key(s) from \(report.source) into \(counted(report.keysByMaster.count, "master")) (\(fate))"
        ]
        for (database, keys) in report.keysByDatabase.sorted(by: { $0.key < $1.key }) {
            lines.append("  database \(database): \(keys.grouped) key(s)")
        }
        for (master, keys) in report.keysByMaster.sorted(by: { ($0.key.address?.description ?? "") < ($1.key.address?.description ?? "") }) {
            lines.append("  \(master): \(keys.grouped) key(s)")
        }
        if report.changedOnSource > 0 {
            lines.append(
                "  \(report.changedOnSource.grouped) key(s) written on the source during the import: left there with the new value "
                    + "(the cluster holds the value copied; import again with --replace to take the new one)")
        }
        if report.skippedEqual > 0 {
            lines.append("  \(report.skippedEqual.grouped) key(s) the cluster held with the same value and expiry: not a conflict, skipped")
        }
        if report.conflictCount > 0 {
            if report.replace {
                lines.append("  \(report.conflictCount.grouped) key(s) the cluster held with another value: replaced (--replace)")
            } else {
                for conflict in report.conflicts {
                    lines.append("[ERR] key \(RESPValue.quoted(conflict.key)) of database \(conflict.database) exists on \(conflict.node) with another value")
                }
                let more = report.conflictCount - report.conflicts.count
                if more > 0 { lines.append("[ERR] and \(more.grouped) more key(s) with other values") }
                lines.append("[ERR] \(report.conflictCount.grouped) conflict(s) would stop the import; --replace overwrites them")
            }
        }
        if !report.applied {
            lines.append("[DRY RUN] nothing was changed")
        }
        return lines
    }

    /// `backup`'s lines: a line per master file (size, format, checksum), the layout file, and a summary.
    public static func backupLines(_ report: BackupReport) -> [String] {
        var rows: [[String]] = []
        for file in report.files {
            guard let check = file.check else {
                rows.append([file.node.description, file.path])
                continue
            }
            let checksum = check.isChecksummed ? "crc64 " + RDBFileCheck.hex(check.checksum) : "no checksum (rdbchecksum no)"
            rows.append([file.node.description, file.path, byteText(check.size), check.header, checksum])
        }
        guard report.applied else {
            return tableLines(rows).map { "would fetch " + $0 } + [
                "would write the layout to \(report.layoutPath)",
                "[DRY RUN] \(counted(report.files.count, "RDB file")) and \(ClusterOperator.backupLayoutName) would be written in \(report.directory); nothing was",
            ]
        }
        let unsummed = report.files.filter { $0.check?.isChecksummed == false }.count
        let checked =
            unsummed == 0
            ? "each header and checksum checked"
            : "each header checked; \(counted(unsummed, "file")) without a checksum (rdbchecksum no), the other checksums checked"
        return tableLines(rows) + [
            "layout: \(report.layoutPath)",
            "[OK] \(counted(report.files.count, "RDB file")), \(byteText(report.totalBytes)), \(checked)",
        ]
    }

    /// Rows as columns two spaces apart, the last not padded.
    static func tableLines(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
