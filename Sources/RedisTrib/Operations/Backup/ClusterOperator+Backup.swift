import Foundation
import RESP

extension ClusterOperator {
    /// The name of the layout file `backup` writes beside the RDB files.
    public static let backupLayoutName = "cluster.json"

    /// `backup`: fetches the RDB of every master over the replication protocol (as
    /// `redis-cli --rdb` does), in parallel, into `directory`, one file per master named by its
    /// address and id, and writes the cluster's layout to `cluster.json` there.
    ///
    /// Each file is written under a temporary name and checked (``RDBFileCheck``: header, `EOF`
    /// opcode, checksum); only when every file passed are they renamed, and `cluster.json` is
    /// written last: a folder without it is not a finished backup, and a failed one leaves no file. A dry run writes nothing and lists
    /// the files it would write.
    /// - Parameters:
    ///   - node: any node of the cluster.
    ///   - directory: the folder, made when missing; it must not hold a backup already.
    /// - Throws: ``TribError`` `.preconditionFailed` when a master is failing or the folder holds
    ///   the files already, `.invalidArgument` when the folder cannot be made, or the error of the
    ///   first master whose snapshot failed, naming it (its temporary file removed).
    public func backup(_ node: NodeAddress, to directory: String) async throws(TribError) -> BackupReport {
        let snapshot = try await snapshot(of: node)
        let seed = try await client(node)
        let currentEpoch = try await seed.clusterInfo()["cluster_current_epoch"].flatMap { UInt64($0) }
        let masters = snapshot.topology.nodes.filter { $0.isMaster && !$0.isInHandshake && !$0.flags.contains(.noAddress) }
        if let failing = masters.first(where: \.isFailed) {
            throw TribError(
                .preconditionFailed, "master \(failing.address?.description ?? failing.id) is failing in the view of \(node): its snapshot cannot be fetched",
                node: failing.address)
        }
        let planned = try masters.map { master throws(TribError) -> BackupReport.MasterFile in
            let address = try snapshot.address(of: master)
            let name = "\(address.host.replacingOccurrences(of: ":", with: "_"))-\(address.port)-\(master.id).rdb"
            return BackupReport.MasterFile(node: Disagreement.NodeReference(id: master.id, address: address), path: directory + "/" + name)
        }.sorted { ($0.node.address?.description ?? "") < ($1.node.address?.description ?? "") }
        let layoutPath = directory + "/" + Self.backupLayoutName
        for path in planned.map(\.path) + [layoutPath] where FileManager.default.fileExists(atPath: path) {
            throw TribError(.preconditionFailed, "\(path) exists already: give a new or empty folder, so that no earlier backup is overwritten")
        }
        guard !options.dryRun else {
            // The report lists what would be written; nothing is fetched.
            return BackupReport(directory: directory, layoutPath: layoutPath, files: planned, applied: false)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TribError(.invalidArgument, "cannot make the folder \(directory): \(error.localizedDescription)")
        }
        let takenAt = Date()
        let download = options.connection
        let readTimeout = max(options.waitTimeout, options.connection.commandTimeout)
        // Every file stays under its temporary name until all passed: a backup that fails leaves
        // nothing behind, and can be run again into the same folder.
        let checks: [RDBFileCheck]
        do throws(TribError) {
            checks = try await forEachNode(planned.compactMap(\.node.address)) { trib, address throws(TribError) -> RDBFileCheck in
                guard let file = planned.first(where: { $0.node.address == address }) else {
                    throw TribError(.preconditionFailed, "no file planned for \(address)", node: address)
                }
                trib.step("fetching the RDB of \(file.node)")
                let target = trib.pool.endpoints.resolvableTarget(of: address, options: download)
                return try await Self.fetchChecked(
                    SnapshotDownload(address: target.address, options: target.options, readTimeout: readTimeout),
                    into: Self.partial(file.path), node: file.node)
            }
        } catch {
            for file in planned {
                try? FileManager.default.removeItem(atPath: Self.partial(file.path))
            }
            throw error
        }
        for file in planned {
            do {
                try Self.rename(Self.partial(file.path), to: file.path)
            } catch {
                throw TribError(.invalidArgument, "cannot rename \(Self.partial(file.path)) to \(file.path): \(error)")
            }
        }
        let files = zip(planned, checks).map { file, check in
            BackupReport.MasterFile(node: file.node, path: file.path, check: check)
        }
        let names = Dictionary(files.map { ($0.node.id, URL(fileURLWithPath: $0.path).lastPathComponent) }, uniquingKeysWith: { first, _ in first })
        let layout = BackupLayout(snapshot: snapshot, currentEpoch: currentEpoch, files: names, takenAt: takenAt)
        do {
            let temporary = Self.partial(layoutPath)
            try layout.encoded().write(to: URL(fileURLWithPath: temporary))
            try Self.rename(temporary, to: layoutPath)
        } catch {
            throw TribError(.invalidArgument, "cannot write \(layoutPath): \(error)")
        }
        return BackupReport(directory: directory, layoutPath: layoutPath, files: files, applied: true)
    }

    /// Fetches one master's snapshot into `temporary` and checks it; on any failure the file is
    /// removed and the error names the master.
    private static func fetchChecked(_ download: SnapshotDownload, into temporary: String, node: Disagreement.NodeReference) async throws(TribError)
        -> RDBFileCheck
    {
        do throws(TribError) {
            _ = try await download.fetch(into: temporary)
            return try RDBFileCheck.verify(path: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            var named = error
            named.message = "the snapshot of master \(node) failed: \(error.message)"
            named.node = node.address
            throw named
        }
    }

    /// The temporary name a file of a backup is written under until the backup succeeds.
    private static func partial(_ path: String) -> String {
        path + ".partial"
    }

    /// Renames a file, replacing nothing: the caller checked that `target` did not exist.
    private static func rename(_ source: String, to target: String) throws {
        try FileManager.default.moveItem(atPath: source, toPath: target)
    }
}
