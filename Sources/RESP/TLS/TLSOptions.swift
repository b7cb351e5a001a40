import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to speak TLS to the nodes: redis-cli's `--tls` options, checked and loaded once.
///
/// Its files are read and its context built when it is made, not per connection (loading CAs for
/// every node of a big cluster is slow), so a missing file or a key that does not match its
/// certificate fails before any connection opens. Certificates and host names are verified unless
/// ``insecure``.
public struct TLSOptions: Sendable {
    /// `--cacert`: a PEM file of the CAs to trust; the system's CAs when neither this nor ``caDirectory`` is given.
    public let caFile: String?
    /// `--cacertdir`: a folder of CA certificates in OpenSSL's hashed layout (`c_rehash`).
    public let caDirectory: String?
    /// `--cert`: the client certificate (PEM), for servers with `tls-auth-clients`.
    public let certificateFile: String?
    /// `--key`: the client certificate's private key (PEM).
    public let keyFile: String?
    /// `--insecure`: verify neither the certificate nor the name.
    public let insecure: Bool
    /// `--sni`: the name sent as SNI and verified against the certificate, instead of the node's host.
    public private(set) var serverName: String?
    /// `--tls-ciphers`: the TLS 1.2 cipher suites, `:`-separated.
    public let ciphers: String?
    /// `--tls-ciphersuites`: the TLS 1.3 suites, `:`-separated; checked, but BoringSSL always offers
    /// its three, so the server's `tls-ciphersuites` decides.
    public let cipherSuites: String?

    /// The context of every connection.
    let context: NIOSSLContext
    /// A context that verifies nothing: after a failed verification, it reads the certificate to say why it failed.
    let inspectionContext: NIOSSLContext

    /// Reads the files and builds the context.
    ///
    /// - Throws: ``TLSSetupError`` naming the option: a file missing, unreadable or without PEM in it,
    ///   `--cert` without `--key` (or the reverse), a key that does not match its certificate, an unknown cipher name,
    ///   or an `--sni` name that is not a host name.
    public init(
        caFile: String? = nil,
        caDirectory: String? = nil,
        certificateFile: String? = nil,
        keyFile: String? = nil,
        insecure: Bool = false,
        serverName: String? = nil,
        ciphers: String? = nil,
        cipherSuites: String? = nil
    ) throws(TLSSetupError) {
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecure = insecure
        self.serverName = serverName
        self.ciphers = ciphers
        self.cipherSuites = cipherSuites

        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = insecure ? .none : .fullVerification
        let authorities = try caFile.map { file throws(TLSSetupError) in try Self.certificates(in: file, option: "--cacert") }
        if let caDirectory {
            var status = stat()
            guard stat(caDirectory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw TLSSetupError(option: "--cacertdir", "'\(caDirectory)' is not a folder (expected a folder of CA certificates, hashed by c_rehash)")
            }
            configuration.trustRoots = .file(caDirectory)
            if let authorities {
                configuration.additionalTrustRoots = [.certificates(authorities)]
            }
        } else if let authorities {
            configuration.trustRoots = .certificates(authorities)
        }
        switch (certificateFile, keyFile) {
        case (let certificateFile?, let keyFile?):
            let chain = try Self.certificates(in: certificateFile, option: "--cert")
            configuration.certificateChain = chain.map { .certificate($0) }
            let text = try Self.read(keyFile, option: "--key")
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem))
            } catch {
                throw TLSSetupError(option: "--key", "'\(keyFile)' holds no PEM private key (or one protected by a passphrase)")
            }
        case (.some, nil):
            throw TLSSetupError(option: "--cert", "needs --key, the file of the certificate's private key")
        case (nil, .some):
            throw TLSSetupError(option: "--key", "needs --cert, the file of the client certificate")
        case (nil, nil):
            break
        }
        if let ciphers {
            configuration.cipherSuiteValues = try TLSCipherNames.ciphers(ciphers)
        }
        if let cipherSuites {
            try TLSCipherNames.checkSuites(cipherSuites)
        }
        if let serverName, serverName.isEmpty || serverName.utf8.count > 255 || serverName.utf8.contains(0) || NodeAddress.isIPAddress(serverName) {
            throw TLSSetupError(option: "--sni", "'\(serverName)' is not a host name (expected the DNS name the nodes' certificates carry)")
        }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            let reason = String(describing: error)
            if reason.contains("KEY_VALUES_MISMATCH") || (certificateFile != nil && "\(error)".contains("failedToLoadPrivateKey")) {
                throw TLSSetupError(
                    option: "--key", "the key in '\(keyFile ?? "")' does not match the certificate in '\(certificateFile ?? "")' (\(reason))"
                )
            }
            throw TLSSetupError(option: caDirectory == nil ? "--tls" : "--cacertdir", "cannot set up TLS: \(reason)")
        }
        var inspection = TLSConfiguration.makeClientConfiguration()
        inspection.certificateVerification = .none
        do {
            inspectionContext = try NIOSSLContext(configuration: inspection)
        } catch {
            throw TLSSetupError(option: "--tls", "cannot set up TLS: \(error)")
        }
    }

    /// These options for a node reached at an IP address that is known by `name` (the name it was
    /// first reached by): its certificate is checked for the name, which SNI sends, unless `--sni`
    /// names another.
    public func verifying(name: String) -> TLSOptions {
        guard serverName == nil else { return self }
        var copy = self
        copy.serverName = name
        return copy
    }

    /// The name sent as SNI and verified for `address`: `--sni` when given, else its host when a
    /// name; `nil` for an IP address, which is verified against the certificate's IP addresses.
    func expectedName(for address: NodeAddress) -> String? {
        serverName ?? (NodeAddress.isIPAddress(address.host) ? nil : address.host)
    }

    private static func read(_ path: String, option: String) throws(TLSSetupError) -> String {
        do {
            return try BoundedFile.read(path: path, maximumBytes: 1 << 20, regularOnly: true)
        } catch {
            let why: String
            switch error {
            case .system(let code): why = String(cString: strerror(code))
            case .directory, .notRegularFile: why = "not a regular file"
            case .tooLarge: why = "larger than 1 MB"
            }
            throw TLSSetupError(option: option, "cannot read '\(path)': \(why)")
        }
    }

    private static func certificates(in path: String, option: String) throws(TLSSetupError) -> [NIOSSLCertificate] {
        let text = try read(path, option: option)
        let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(text.utf8))
        guard let certificates, !certificates.isEmpty else {
            throw TLSSetupError(option: option, "'\(path)' holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }
}
