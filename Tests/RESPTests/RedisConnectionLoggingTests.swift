import Logging
import RESP
import Testing

/// What a connection tells the logger of its options: every command it sends, at trace level,
/// without the passwords some of them carry.
struct RedisConnectionLoggingTests {
    @Test func everyCommandSentIsLoggedAtTraceLevelWithoutItsPassword() async throws {
        let server = try await OKServer.start()
        let address = server.address
        let store = RecordingLogHandler.Store()
        let options = ConnectionOptions(username: "alice", password: "s3cret-auth", logger: RecordingLogHandler.logger(into: store))
        let connection = try await RedisConnection.connect(to: address, options: options)
        _ = try await connection.pipeline([
            RedisCommand("CONFIG", "SET", "requirepass", "s3cret-requirepass"),
            RedisCommand("CONFIG", "SET", "masterauth", "s3cret-masterauth"),
            RedisCommand("PING"),
        ])
        try await connection.send("GET", "key")
        await connection.close()
        await server.stop()

        let records = store.all
        #expect(
            records.map(\.message) == [
                "AUTH (redacted) (redacted)",
                "CONFIG SET requirepass (redacted)",
                "CONFIG SET masterauth (redacted)",
                "PING",
                "GET key",
            ])
        #expect(records.allSatisfy { $0.level == .trace })
        #expect(records.allSatisfy { $0.metadata[ConnectionOptions.nodeMetadataKey] == "\(address)" })
        #expect(!records.contains { "\($0.message) \($0.metadata)".contains("s3cret") })
    }

    @Test func aLoggerAboveTraceLevelRecordsNoCommand() async throws {
        let server = try await OKServer.start()
        let store = RecordingLogHandler.Store()
        var quiet = RecordingLogHandler.logger(into: store)
        quiet.logLevel = .debug
        let connection = try await RedisConnection.connect(to: server.address, options: ConnectionOptions(logger: quiet))
        try await connection.send("PING")
        await connection.close()
        await server.stop()
        #expect(store.all.isEmpty)
    }
}
