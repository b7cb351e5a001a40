import Foundation
import RESP
import RedisTrib
import TribCommands

/// The JSON of `set_timeout`, `import` and `backup`, as the README documents it.
extension OutputRenderer {
    /// `{"command", "applied", "milliseconds", "ok", "nodes": [{"id", "address", "old", "new", "config_file", "persisted", "error"}]}`.
    static func nodeTimeoutObject(for report: NodeTimeoutReport, command: String) -> [String: Any] {
        [
            "command": command,
            "applied": report.applied,
            "milliseconds": report.milliseconds,
            "ok": report.failed.isEmpty,
            "nodes": report.nodes.map { entry -> [String: Any] in
                [
                    "id": entry.node.id,
                    "address": entry.node.address?.description ?? NSNull(),
                    "old": entry.previous ?? NSNull(),
                    "new": entry.current ?? NSNull(),
                    "config_file": entry.configFile ?? NSNull(),
                    "persisted": entry.persisted,
                    "error": entry.error ?? NSNull(),
                ]
            },
        ]
    }

    /// `{"command", "applied", "source", "copy", "replace", "keys", "databases": {"0": N}, "masters": [{"id", "address", "keys"}],
    /// "skipped_equal", "conflict_count", "conflicts": [{"id", "address", "database", "key"}]}`.
    static func importObject(for report: ImportReport, command: String) -> [String: Any] {
        [
            "command": command,
            "applied": report.applied,
            "source": report.source.description,
            "copy": report.copy,
            "replace": report.replace,
            "keys": report.keys,
            "databases": Dictionary(uniqueKeysWithValues: report.keysByDatabase.map { (String($0.key), $0.value) }),
            "masters": report.keysByMaster.sorted { ($0.key.address?.description ?? "") < ($1.key.address?.description ?? "") }.map {
                master, keys -> [String: Any] in
                ["id": master.id, "address": master.address?.description ?? NSNull(), "keys": keys]
            },
            "skipped_equal": report.skippedEqual,
            "changed_on_source": report.changedOnSource,
            "conflict_count": report.conflictCount,
            "conflicts": report.conflicts.map { conflict -> [String: Any] in
                [
                    "id": conflict.node.id, "address": conflict.node.address?.description ?? NSNull(), "database": conflict.database,
                    "key": conflict.keyText,
                ]
            },
        ]
    }

    /// `{"command", "applied", "directory", "layout", "total_bytes", "files": [{"id", "address", "path", "bytes", "format", "checksum", "checksummed"}]}`.
    static func backupObject(for report: BackupReport, command: String) -> [String: Any] {
        [
            "command": command,
            "applied": report.applied,
            "directory": report.directory,
            "layout": report.layoutPath,
            "total_bytes": report.totalBytes,
            "files": report.files.map { file -> [String: Any] in
                [
                    "id": file.node.id,
                    "address": file.node.address?.description ?? NSNull(),
                    "path": file.path,
                    "bytes": file.check?.size ?? NSNull(),
                    "format": file.check?.header ?? NSNull(),
                    "checksum": file.check.map { RDBFileCheck.hex($0.checksum) } ?? NSNull(),
                    "checksummed": file.check.map(\.isChecksummed) ?? NSNull(),
                ]
            },
        ]
    }
}
