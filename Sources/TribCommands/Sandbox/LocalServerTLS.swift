import RESP

/// How a ``LocalServerLauncher`` makes its servers TLS-only: `port 0`, the TLS port where the plain
/// one would be, TLS on the cluster bus and for replication, with these files.
public struct LocalServerTLS: Sendable {
    /// The server's certificate (PEM), also its client certificate towards the other servers.
    public var certificateFile: String
    /// The certificate's private key (PEM).
    public var keyFile: String
    /// The CAs the server trusts, for the other servers and for clients (PEM).
    public var caFile: String
    /// Whether the server requires a client certificate (`tls-auth-clients yes`).
    public var authenticateClients: Bool
    /// How the launcher's readiness PING speaks TLS to the servers.
    public var client: TLSOptions

    /// Makes the settings.
    public init(certificateFile: String, keyFile: String, caFile: String, authenticateClients: Bool = false, client: TLSOptions) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.caFile = caFile
        self.authenticateClients = authenticateClients
        self.client = client
    }

    /// The server's arguments for `port` (given the TLS port).
    func arguments(port: Int) -> [String] {
        [
            "--port", "0",
            "--tls-port", String(port),
            "--tls-cert-file", certificateFile,
            "--tls-key-file", keyFile,
            "--tls-ca-cert-file", caFile,
            "--tls-cluster", "yes",
            "--tls-replication", "yes",
            "--tls-auth-clients", authenticateClients ? "yes" : "no",
        ]
    }
}
