import Foundation
import RESP
import TribCommands

/// A CA and certificates made with `openssl` in a temporary folder, for the TLS tests.
///
/// `ca.crt` signs `server` (valid for 127.0.0.1, localhost and node.tls.test), `named` (valid for
/// node.tls.test only, not for an IP address), `client` and `expired` (whose validity ended a day ago);
/// `other-ca.crt` signs `foreign`. ``remove()`` deletes the folder.
struct TLSCertificates {
    /// The folder that holds them.
    let directory: String

    /// The path of one file of the folder (`ca.crt`, `server.key`, …).
    func path(_ name: String) -> String { directory + "/" + name }

    /// The name the server certificates carry besides `localhost`.
    static let serverName = "node.tls.test"

    /// Makes them.
    ///
    /// - Throws: when `openssl` is missing or fails, with its error output.
    static func make() throws -> TLSCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-tls-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = """
            set -e
            key() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"; }
            ca() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.crt" -days 2 -subj "/CN=$1"; }
            sign() { openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -out "$1.crt" -days "$3" -extfile "${4:-san.ext}"; }
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:\(serverName)\\n' > san.ext
            printf 'subjectAltName=DNS:\(serverName)\\n' > named.ext
            ca ca; ca other-ca
            key server; sign server ca 2
            key client; sign client ca 2
            key named; sign named ca 2 named.ext
            key expired; sign expired ca -1
            key foreign; sign foreign other-ca 2
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: directory)
            throw TLSFixtureError(message: "openssl failed (is it installed?): \(text)")
        }
        return TLSCertificates(directory: directory)
    }

    /// Deletes the folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The client's options: trusting `ca.crt`, with the client certificate when `withCertificate`.
    func clientTLS(withCertificate: Bool = false) throws -> TLSOptions {
        try TLSOptions(
            caFile: path("ca.crt"),
            certificateFile: withCertificate ? path("client.crt") : nil,
            keyFile: withCertificate ? path("client.key") : nil
        )
    }

    /// Connection options over TLS, trusting `ca.crt` (with the client certificate when `withCertificate`).
    func connection(withCertificate: Bool = false) throws -> ConnectionOptions {
        ConnectionOptions(tls: try clientTLS(withCertificate: withCertificate))
    }

    /// The command line's TLS options trusting `ca.crt`.
    var arguments: [String] { ["--tls", "--cacert", path("ca.crt")] }

    /// Settings that make a launcher's servers TLS-only with the certificate `name` (`server`, `expired`, `foreign`).
    func serverTLS(certificate name: String = "server", authenticateClients: Bool = false) throws -> LocalServerTLS {
        // The launcher's readiness PING verifies nothing: it must also reach the servers with bad certificates.
        let ping = try TLSOptions(certificateFile: path("client.crt"), keyFile: path("client.key"), insecure: true)
        return LocalServerTLS(
            certificateFile: path(name + ".crt"), keyFile: path(name + ".key"), caFile: path("ca.crt"),
            authenticateClients: authenticateClients, client: ping
        )
    }
}

/// The TLS test fixture could not be made.
struct TLSFixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
