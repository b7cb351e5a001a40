import NIOSSL

/// The TLS 1.2 cipher suites and TLS 1.3 suite names that `--tls-ciphers` and `--tls-ciphersuites` accept.
///
/// BoringSSL stops the process on a cipher list it cannot use, so a list is checked here, name by
/// name, before it reaches it; the names are OpenSSL's (`ECDHE-RSA-AES128-GCM-SHA256`, what redis-cli's
/// users write) and the IANA ones (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
enum TLSCipherNames {
    /// TLS 1.2 suites by OpenSSL name; the IANA names are accepted as well.
    static let tls12: [(openSSL: String, iana: String, cipher: NIOTLSCipher)] = [
        ("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
        ("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
        ("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", .TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA),
        ("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", .TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA),
        ("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", .TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA),
        ("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", .TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA),
        ("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", .TLS_RSA_WITH_AES_128_GCM_SHA256),
        ("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", .TLS_RSA_WITH_AES_256_GCM_SHA384),
        ("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", .TLS_RSA_WITH_AES_128_CBC_SHA),
        ("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", .TLS_RSA_WITH_AES_256_CBC_SHA),
    ]

    /// The TLS 1.3 suites BoringSSL has; it offers all three and cannot be told to offer fewer.
    static let tls13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]

    /// The suites of a `:`-separated TLS 1.2 list.
    ///
    /// - Throws: ``TLSSetupError`` naming the first unknown name and the names known.
    static func ciphers(_ list: String) throws(TLSSetupError) -> [NIOTLSCipher] {
        let names = list.split(separator: ":", omittingEmptySubsequences: false).map { String($0) }
        var ciphers: [NIOTLSCipher] = []
        for name in names {
            guard let entry = tls12.first(where: { $0.openSSL == name || $0.iana == name }) else {
                throw TLSSetupError(
                    option: "--tls-ciphers",
                    "'\(name)' is not a TLS 1.2 cipher suite this build knows (expected a ':'-separated list of: "
                        + tls12.map(\.openSSL).joined(separator: ", ") + ")"
                )
            }
            ciphers.append(entry.cipher)
        }
        return ciphers
    }

    /// Checks a `:`-separated TLS 1.3 list.
    ///
    /// - Throws: ``TLSSetupError`` naming the first unknown name and the names known.
    static func checkSuites(_ list: String) throws(TLSSetupError) {
        for name in list.split(separator: ":", omittingEmptySubsequences: false) where !tls13.contains(String(name)) {
            throw TLSSetupError(
                option: "--tls-ciphersuites",
                "'\(name)' is not a TLS 1.3 cipher suite (expected a ':'-separated list of: \(tls13.joined(separator: ", ")))"
            )
        }
    }
}
