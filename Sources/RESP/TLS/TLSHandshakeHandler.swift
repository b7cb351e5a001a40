import NIOCore
import NIOSSL
import NIOTLS

/// What the handshake showed of the node's certificate: its validity period, in seconds since 1970.
struct PeerCertificateDates: Sendable {
    var notBefore: Int
    var notAfter: Int
}

/// Waits for the TLS handshake of a new connection: its future succeeds when the handshake
/// completes and fails with the first error, the connection closing, or the timeout.
///
/// Sits after the `NIOSSLClientHandler` and passes everything on, so that the handlers after it
/// see the connection as they would without it.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let promise: EventLoopPromise<PeerCertificateDates?>
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var done = false

    init(promise: EventLoopPromise<PeerCertificateDates?>, timeout: TimeAmount) {
        self.promise = promise
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.finish(.failure(HandshakeTimeout()))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            let certificate = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
            finish(.success(certificate.map { PeerCertificateDates(notBefore: Int($0.notValidBefore), notAfter: Int($0.notValidAfter)) }))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.eof))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<PeerCertificateDates?, any Error>) {
        guard !done else { return }
        done = true
        timer?.cancel()
        timer = nil
        promise.completeWith(result)
    }

    /// The handshake did not end in time.
    struct HandshakeTimeout: Error {}
}
