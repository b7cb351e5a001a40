import NIOSSL

/// How TLS failed with one node, in words that say what to do about it.
public enum TLSFailure: Sendable, Hashable {
    /// The certificate is signed by a CA that is not trusted; the library's reason.
    case untrustedCertificate(reason: String)
    /// The certificate expired at this time (UTC, `2026-01-31 12:00:00`).
    case expiredCertificate(notAfter: String)
    /// The certificate is not valid yet: from this time on (UTC).
    case certificateNotYetValid(notBefore: String)
    /// The certificate is not valid for the name (or IP address) checked.
    case nameMismatch(checked: String, isAddress: Bool)
    /// The handshake got an answer that is not TLS: the node speaks plain text on this port.
    case notTLS(reason: String)
    /// The handshake did not end within the connect timeout (seconds).
    case handshakeTimeout(seconds: Double)
    /// Without TLS, the node closed the connection (or answered with a TLS record) before any reply.
    case mayExpectTLS
    /// The node refused the client's certificate, or wanted one and got none (`tls-auth-clients`).
    case clientCertificateRejected(reason: String)
    /// Any other TLS failure, with the library's words.
    case other(reason: String)

    /// A stable code, after `tls-`: `untrusted-certificate`, `expired-certificate`, `name-mismatch`, ….
    public var code: String {
        switch self {
        case .untrustedCertificate: return "untrusted-certificate"
        case .expiredCertificate: return "expired-certificate"
        case .certificateNotYetValid: return "certificate-not-yet-valid"
        case .nameMismatch: return "name-mismatch"
        case .notTLS: return "not-tls"
        case .handshakeTimeout: return "handshake-timeout"
        case .mayExpectTLS: return "may-expect-tls"
        case .clientCertificateRejected: return "client-certificate-rejected"
        case .other: return "failed"
        }
    }

    /// What happened and what to do, without the node.
    public var reason: String {
        switch self {
        case .untrustedCertificate(let reason):
            return "TLS: its certificate is signed by a CA that --cacert/--cacertdir (or the system's CAs, when neither is given) "
                + "does not trust (\(reason)); --insecure skips the check"
        case .expiredCertificate(let notAfter):
            return "TLS: its certificate expired on \(notAfter) UTC"
        case .certificateNotYetValid(let notBefore):
            return "TLS: its certificate is not valid before \(notBefore) UTC"
        case .nameMismatch(let checked, let isAddress):
            let what = isAddress ? "the IP address \(checked) (none of its subjectAltNames is that address)" : "the name '\(checked)'"
            return "TLS: its certificate is not valid for \(what); give the name it is valid for with --sni NAME"
        case .notTLS(let reason):
            return "TLS handshake failed: the node does not speak TLS on this port (drop --tls?) (\(reason))"
        case .handshakeTimeout(let seconds):
            return "TLS: no handshake within \(RedisError.format(seconds)) s (connect timeout): the node may not speak TLS on this port (drop --tls?)"
        case .mayExpectTLS:
            return "the node closed the connection before answering anything: if it serves TLS on this port, give --tls"
        case .clientCertificateRejected(let reason):
            return "TLS: the node rejected the client certificate, or wants one (tls-auth-clients): give --cert and --key (\(reason))"
        case .other(let reason):
            return "TLS failed: \(reason)"
        }
    }

    /// The failure a TLS error from the library stands for; `nil` for an error that is not about TLS.
    ///
    /// A failed certificate verification is ``untrustedCertificate(reason:)`` here; the caller, which can
    /// look at the certificate, tells an expired one from one of an unknown CA.
    static func classify(_ error: any Error, expectedName: String?, address: NodeAddress) -> TLSFailure? {
        let reason = String(describing: error)
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return .nameMismatch(checked: expectedName ?? address.host, isAddress: expectedName == nil)
        }
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        if reason.contains("CERTIFICATE_VERIFY_FAILED") {
            return .untrustedCertificate(reason: "CERTIFICATE_VERIFY_FAILED")
        }
        let clientMarkers = ["CERTIFICATE_REQUIRED", "BAD_CERTIFICATE", "UNKNOWN_CA", "CERTIFICATE_UNKNOWN", "PEER_DID_NOT_RETURN_A_CERTIFICATE"]
        if let marker = clientMarkers.first(where: { reason.contains($0) }) {
            return .clientCertificateRejected(reason: marker)
        }
        let plainMarkers = ["WRONG_VERSION_NUMBER", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG", "RECORD_TOO_LARGE", "UNEXPECTED_RECORD"]
        if let marker = plainMarkers.first(where: { reason.contains($0) }) {
            return .notTLS(reason: marker)
        }
        return .other(reason: reason)
    }
}
