import RESP
import RedisTrib
import Testing
import TribCommands

/// Starts `count` real servers of the binary named by `$REDIS_TRIB_SERVER` (default `redis-server`),
/// runs `body`, and stops them by pid whether `body` returns or throws.
///
/// - Parameters:
///   - hosts: the loopback addresses the servers go on, in turn (each a host of its own to the servers).
///   - clusterEnabled: `false` starts standalone servers.
///   - configFile: start each server with a configuration file of its own, which `CONFIG REWRITE` writes.
func withLocalServers(
    _ count: Int,
    hosts: [String] = ["127.0.0.1"],
    extraArguments: [String] = [],
    clusterEnabled: Bool = true,
    configFile: Bool = false,
    _ body: ([LocalServer]) async throws -> Void
) async throws {
    let launcher = try LocalServerLauncher(extraArguments: extraArguments, clusterEnabled: clusterEnabled, configFile: configFile)
    let servers = try await launcher.start(count: count, hosts: hosts)
    do {
        try await body(servers)
        await launcher.stop(servers)
    } catch {
        await launcher.stop(servers)
        throw error
    }
}

extension OperationOptions {
    /// The options of tests: operations wait 30 s for agreement instead of 60, so a cluster that
    /// never agrees fails sooner.
    static let testing = OperationOptions(waitTimeout: 30)
}

/// Opens a connection, runs `body`, and closes it whether `body` returns or throws.
func withConnection(
    to address: NodeAddress,
    options: ConnectionOptions = ConnectionOptions(),
    _ body: (RedisConnection) async throws -> Void
) async throws {
    let connection = try await RedisConnection.connect(to: address, options: options)
    do {
        try await body(connection)
        await connection.close()
    } catch {
        await connection.close()
        throw error
    }
}

/// Makes a lone cluster node serve every slot, so it accepts keys like a standalone server.
func serveAllSlots(_ connection: RedisConnection) async throws {
    try await connection.send("CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    for _ in 0..<200 {
        let info = try await connection.send("CLUSTER", "INFO")
        if info.string?.contains("cluster_state:ok") == true { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("\(connection.address) did not reach cluster_state:ok")
}
