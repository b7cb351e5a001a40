import RESP

extension NodeClient {
    /// Commands per pipeline when a long list is split: the connection keeps a pipeline's replies
    /// in one array it grows by copying, so very long pipelines cost more per command.
    static let chunkSize = 128

    /// Sends many commands as pipelines of at most ``chunkSize``, all written at once; returns the
    /// replies in order (error replies as values).
    func pipelineChunked(_ commands: [RedisCommand], timeout: Double? = nil) async throws(TribError) -> [RESPValue] {
        guard commands.count > Self.chunkSize else {
            return try await pipeline(commands, timeout: timeout)
        }
        let chunks = stride(from: 0, to: commands.count, by: Self.chunkSize).map {
            Array(commands[$0..<min($0 + Self.chunkSize, commands.count)])
        }
        let client = self
        let results = await withTaskGroup(of: (Int, Result<[RESPValue], TribError>).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask {
                    let result: Result<[RESPValue], TribError>
                    do throws(TribError) {
                        result = .success(try await client.pipeline(chunk, timeout: timeout))
                    } catch {
                        result = .failure(error)
                    }
                    return (index, result)
                }
            }
            var results = [Result<[RESPValue], TribError>?](repeating: nil, count: chunks.count)
            for await (index, result) in group {
                results[index] = result
            }
            return results
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for result in results {
            guard let result else { continue }
            replies.append(contentsOf: try result.get())
        }
        return replies
    }
}
