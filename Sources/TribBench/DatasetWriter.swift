import RESP
import RedisTrib

/// Writes a ``Dataset`` into a cluster: each key to the master that owns its slot, in pipelines,
/// every master at once.
struct DatasetWriter {
    /// Commands per pipeline.
    var batchSize = 1000

    /// Writes every key of `dataset`; `owners` maps each slot to the address of its master.
    ///
    /// - Throws: `BenchError` for an error reply, or a connection failure.
    func write(_ dataset: Dataset, owners: [NodeAddress?]) async throws {
        let masters = Set(owners.compactMap { $0 })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for master in masters {
                group.addTask {
                    try await write(dataset, to: master, owners: owners)
                }
            }
            try await group.waitForAll()
        }
    }

    private func write(_ dataset: Dataset, to master: NodeAddress, owners: [NodeAddress?]) async throws {
        let connection = try await RedisConnection.connect(to: master, options: ConnectionOptions(commandTimeout: 60))
        do {
            try await write(dataset, to: master, owners: owners, over: connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func write(_ dataset: Dataset, to master: NodeAddress, owners: [NodeAddress?], over connection: RedisConnection) async throws {
        // One pipeline in flight while the next is built.
        var inFlight: Task<[RESPValue], any Error>?
        var batch: [RedisCommand] = []
        batch.reserveCapacity(batchSize + 10)
        for index in 0..<dataset.keyCount where owners[dataset.slot(of: index)] == master {
            batch.append(contentsOf: dataset.commands(for: index))
            if batch.count >= batchSize {
                try Self.check(try await inFlight?.value, node: master)
                let commands = batch
                inFlight = Task { try await connection.pipeline(commands) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        try Self.check(try await inFlight?.value, node: master)
        if !batch.isEmpty {
            try Self.check(try await connection.pipeline(batch), node: master)
        }
    }

    private static func check(_ replies: [RESPValue]?, node: NodeAddress) throws {
        if let failure = replies?.first(where: \.isError) {
            throw BenchError("writing keys to \(node): \(failure)")
        }
    }
}
