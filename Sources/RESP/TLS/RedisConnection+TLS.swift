import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RedisConnection {
    /// Puts TLS first in a new channel's pipeline, on its event loop; the future completes with the handshake.
    ///
    /// - Parameter inspecting: with the context that verifies nothing, to read the certificate after a failed verification.
    static func addTLSHandlers(
        to channel: any Channel, tls: TLSOptions, address: NodeAddress, timeout: TimeAmount, inspecting: Bool = false
    ) throws -> EventLoopFuture<PeerCertificateDates?> {
        let promise = channel.eventLoop.makePromise(of: PeerCertificateDates?.self)
        do {
            let context = inspecting ? tls.inspectionContext : tls.context
            let client = try NIOSSLClientHandler(context: context, serverHostname: tls.expectedName(for: address))
            try channel.pipeline.syncOperations.addHandlers([client, TLSHandshakeHandler(promise: promise, timeout: timeout, readsCertificate: inspecting)])
        } catch {
            promise.fail(error)
            throw error
        }
        return promise.futureResult
    }

    /// Waits for the handshake of a new connection, and says why it failed in words a user can act on.
    ///
    /// - Throws: ``RedisError`` `.tls` naming the node.
    static func awaitHandshake(
        _ handshake: EventLoopFuture<PeerCertificateDates?>,
        tls: TLSOptions,
        address: NodeAddress,
        connectTimeout: Double,
        eventLoopGroup: any EventLoopGroup
    ) async throws(RedisError) {
        let failure: any Error
        do {
            _ = try await handshake.get()
            return
        } catch {
            failure = error
        }
        if failure is TLSHandshakeHandler.HandshakeTimeout {
            throw RedisError(node: address, kind: .tls(.handshakeTimeout(seconds: connectTimeout)))
        }
        if let channelError = failure as? ChannelError, channelError == .eof {
            throw RedisError(node: address, kind: .tls(.other(reason: "the node closed the connection during the handshake")))
        }
        let expectedName = tls.expectedName(for: address)
        guard let kind = TLSFailure.classify(failure, expectedName: expectedName, address: address) else {
            throw RedisError(node: address, kind: .network(String(describing: failure)))
        }
        guard case .untrustedCertificate = kind else {
            throw RedisError(node: address, kind: .tls(kind))
        }
        // Verification failed: the certificate, read again without verifying it, says whether it is out of date.
        if let dates = await inspectCertificate(at: address, tls: tls, connectTimeout: connectTimeout, eventLoopGroup: eventLoopGroup) {
            let now = time(nil)
            if now > dates.notAfter {
                throw RedisError(node: address, kind: .tls(.expiredCertificate(notAfter: utcText(dates.notAfter))))
            }
            if now < dates.notBefore {
                throw RedisError(node: address, kind: .tls(.certificateNotYetValid(notBefore: utcText(dates.notBefore))))
            }
        }
        throw RedisError(node: address, kind: .tls(kind))
    }

    /// The validity period of the node's certificate, read over a connection that verifies nothing and sends nothing; `nil` when it cannot be read.
    private static func inspectCertificate(
        at address: NodeAddress, tls: TLSOptions, connectTimeout: Double, eventLoopGroup: any EventLoopGroup
    ) async -> PeerCertificateDates? {
        let timeout = TimeAmount.nanoseconds(SecondsConversion.nanoseconds(connectTimeout))
        let bootstrap = ClientBootstrap(group: eventLoopGroup).connectTimeout(timeout)
        let connected = try? await bootstrap.connect(host: address.host, port: address.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                (channel, try addTLSHandlers(to: channel, tls: tls, address: address, timeout: timeout, inspecting: true))
            }
        }
        guard let (channel, handshake) = connected else { return nil }
        let dates = try? await handshake.get()
        try? await channel.close()
        return dates ?? nil
    }

    /// `2026-01-31 12:00:00` for seconds since 1970, in UTC.
    private static func utcText(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
