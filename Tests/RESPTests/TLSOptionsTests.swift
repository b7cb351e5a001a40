import NIOCore
import NIOEmbedded
import Testing

@testable import RESP

#if canImport(Glibc)
import Glibc
#endif

@Suite("TLS options and the hints of a plain connection")
struct TLSOptionsTests {
    let address = NodeAddress(host: "127.0.0.1", port: 7000)

    @Test("cipher lists take OpenSSL's names and the IANA ones; TLS 1.3 suites are checked")
    func cipherNames() throws {
        let options = try TLSOptions(
            ciphers: "ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            cipherSuites: "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
        )
        #expect(options.ciphers == "ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
    }

    /// The options of one refused case; what is not given is left out.
    struct Given: Sendable {
        var caFile: String?
        var caDirectory: String?
        var certificateFile: String?
        var keyFile: String?
        var serverName: String?
        var ciphers: String?
        var cipherSuites: String?
    }

    @Test(
        "a TLS option that cannot be used names the option and what was expected",
        arguments: [
            (Given(ciphers: "HIGH:!aNULL"), "--tls-ciphers", "'HIGH' is not a TLS 1.2 cipher suite this build knows"),
            (Given(ciphers: ""), "--tls-ciphers", "'' is not a TLS 1.2 cipher suite"),
            (Given(cipherSuites: "TLS_AES_128_GCM_SHA256:"), "--tls-ciphersuites", "'' is not a TLS 1.3 cipher suite"),
            (Given(certificateFile: "client.crt"), "--cert", "needs --key"),
            (Given(keyFile: "client.key"), "--key", "needs --cert"),
            (Given(caFile: "/nonexistent/ca.crt"), "--cacert", "cannot read '/nonexistent/ca.crt'"),
            (Given(caFile: "/"), "--cacert", "cannot read '/': not a regular file"),
            (Given(caDirectory: "/dev/null"), "--cacertdir", "'/dev/null' is not a folder"),
            (Given(serverName: "::1"), "--sni", "'::1' is not a host name"),
            (Given(serverName: ""), "--sni", "'' is not a host name"),
        ]
    )
    func refused(_ given: Given, _ option: String, _ message: String) {
        #expect {
            _ = try TLSOptions(
                caFile: given.caFile, caDirectory: given.caDirectory, certificateFile: given.certificateFile, keyFile: given.keyFile,
                serverName: given.serverName, ciphers: given.ciphers, cipherSuites: given.cipherSuites
            )
        } throws: { error in
            guard let error = error as? TLSSetupError else { return false }
            return error.option == option && error.message.contains(message)
        }
    }

    @Test("the name checked: --sni, else the host when it is a name; none for an IP address (its IP is checked)")
    func expectedName() throws {
        let plain = try TLSOptions(insecure: true)
        #expect(plain.expectedName(for: address) == nil)
        #expect(plain.expectedName(for: NodeAddress(host: "::1", port: 7000)) == nil)
        #expect(plain.expectedName(for: NodeAddress(host: "node-a.example", port: 7000)) == "node-a.example")
        let sni = try TLSOptions(insecure: true, serverName: "cluster.example")
        #expect(sni.expectedName(for: address) == "cluster.example")
    }

    private func channel(plainText: Bool, withoutClientCertificate: Bool = false) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RESPDecoder()),
            RESPCommandHandler(address: address, plainText: plainText, withoutClientCertificate: withoutClientCertificate),
        ])
        return channel
    }

    @Test("a TLS connection with no client certificate closed before its first reply says a certificate may be wanted")
    func closedAfterTheHandshake() throws {
        let channel = try channel(plainText: false, withoutClientCertificate: true)
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: promise), promise: nil)
        channel.pipeline.fireErrorCaught(IOError(errnoCode: ECONNRESET, reason: "read"))
        #expect { try promise.futureResult.wait() } throws: { error in
            guard case .tls(.clientCertificateRejected)? = (error as? RedisError)?.kind else { return false }
            return (error as? RedisError)?.description.contains("give --cert and --key") == true
        }
        // With a certificate given, it is only closed.
        let certified = try self.channel(plainText: false)
        let other = certified.eventLoop.makePromise(of: [RESPValue].self)
        certified.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: other), promise: nil)
        certified.pipeline.fireChannelInactive()
        #expect { try other.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .connectionClosed }
    }

    @Test("a plain connection closed before its first reply hints at TLS; after a reply, or with nothing asked, it is closed")
    func closedBeforeAnyReply() throws {
        let first = try channel(plainText: true)
        let promise = first.eventLoop.makePromise(of: [RESPValue].self)
        first.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: promise), promise: nil)
        first.pipeline.fireChannelInactive()
        #expect { try promise.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .tls(.mayExpectTLS) }

        let answered = try channel(plainText: true)
        let ping = answered.eventLoop.makePromise(of: [RESPValue].self)
        let next = answered.eventLoop.makePromise(of: [RESPValue].self)
        answered.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: ping), promise: nil)
        try answered.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        _ = try ping.futureResult.wait()
        answered.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: next), promise: nil)
        answered.pipeline.fireChannelInactive()
        #expect { try next.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .connectionClosed }

        let idle = try channel(plainText: true)
        idle.pipeline.fireChannelInactive()
        let later = idle.eventLoop.makePromise(of: [RESPValue].self)
        idle.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: later), promise: nil)
        #expect { try later.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .connectionClosed }
    }

    @Test("a TLS record where a reply should be, then the close, on a plain connection, hints at TLS")
    func tlsRecordInReply() throws {
        let channel = try channel(plainText: true)
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: promise), promise: nil)
        // A TLS alert: content type 21, version 3.1, length 2, fatal (2), protocol_version (70).
        var alert = ByteBuffer()
        alert.writeBytes([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])
        _ = try? channel.writeInbound(alert)
        // The parser waits for the end of the line; the server closes the connection after its alert.
        channel.pipeline.fireChannelInactive()
        #expect { try promise.futureResult.wait() } throws: { error in
            (error as? RedisError)?.kind == .tls(.mayExpectTLS) && (error as? RedisError)?.code == "tls-may-expect-tls"
        }
    }
}
