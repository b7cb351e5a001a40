import NIOCore
import NIOSSL
import NIOTLS

/// What the handshake showed of the node's certificate: its validity period, in seconds since 1970.
struct PeerCertificateDates: Sendable {
    var notBefore: Int
    var notAfter: Int
}

/// Waits for the TLS handshake of a new connection: its future succeeds when the handshake
/// completes (with the certificate's dates when asked to read them) and fails with the first error, the connection closing, or the timeout.
///
/// Sits after the `NIOSSLClientHandler` and passes everything on, so that the handlers after it
/// see the connection as they would without it.
final class TLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let promise: EventLoopPromise<PeerCertificateDates?>
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var done = false
    /// Whether the handshake's certificate is read (only to say why a verification failed: not on every connection).
    private let readsCertificate: Bool

    init(promise: EventLoopPromise<PeerCertificateDates?>, timeout: TimeAmount, readsCertificate: Bool) {
        self.promise = promise
        self.timeout = timeout
        self.readsCertificate = readsCertificate
    }

    /// The handshake's time counts from the TCP connection, not before it: a slow connect is the
    /// connect's to report, not a sign that the node does not speak TLS.
    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            startTimer(context: context)
        }
    }

    /// A channel closed before it connected (the connect failed) never gets to the handshake.
    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil, !done else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.finish(.failure(HandshakeTimeout()))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            let certificate = readsCertificate ? try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate : nil
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
