import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A batch of commands written together, and the promise of their replies in order.
struct RESPRequest: Sendable {
    var commands: [RedisCommand]
    var timeout: TimeAmount
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to requests in order, enforces the command timeout, and turns every channel
/// failure into a ``RedisError`` for the requests still waiting.
///
/// A request's timeout counts from the moment the node starts on it, that is from when every
/// request before it on this connection has been answered, and starts again with each reply of
/// a pipeline: it bounds how long the node may go silent, not how long the request waited
/// behind others (a control command queued behind a long `MIGRATE` pipeline does not time out
/// for the pipeline's sake).
final class RESPCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RESPRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var id: UInt64
        var expected: Int
        var timeout: TimeAmount
        /// The first command, which names the request when it times out.
        var first: RedisCommand
        var promise: EventLoopPromise<[RESPValue]>

        /// How a timeout message names the request (worked out only then: not on every request).
        var name: String {
            expected == 1 ? first.label : "a pipeline of \(expected) commands"
        }
    }

    private let address: NodeAddress
    private var pending = CircularBuffer<Pending>()
    /// The replies of the oldest request so far, kept outside `pending`: appending through the
    /// buffer's subscript would copy the array on every reply.
    private var headReplies: [RESPValue] = []
    /// When the oldest request last made progress: it reached the head, or a reply of it arrived.
    private var headProgress = NIODeadline.uptimeNanoseconds(0)
    /// The timer watching the oldest request; it reschedules itself while replies keep coming.
    private var headTimer: Scheduled<Void>?
    private var nextID: UInt64 = 0
    private var failure: RedisError.Kind?
    /// The connection is plain TCP to a node that may serve TLS: one that closes it before any reply (or answers with
    /// a TLS record) is said to expect TLS. Off by default: handlers tested alone keep the plain failures.
    private let plainText: Bool
    /// The connection is TLS with no client certificate: a node that wants one (`tls-auth-clients`) may finish the
    /// TLS 1.3 handshake, then close the connection; its alert is lost when the reset for the first command comes
    /// before it is read. One that closes it before any reply is said to want a certificate.
    private let withoutClientCertificate: Bool
    /// A reply (or a push) has arrived.
    private var answered = false

    /// Where the reason the channel closed is kept for the connection, whose later writes fail with it.
    private let closeReason: CloseReason?

    init(address: NodeAddress, plainText: Bool = false, withoutClientCertificate: Bool = false, closeReason: CloseReason? = nil) {
        self.address = address
        self.plainText = plainText
        self.withoutClientCertificate = withoutClientCertificate
        self.closeReason = closeReason
    }

    /// What a close (or a reset) before any reply says, when it says more than that it closed: on a
    /// plain connection with a request waiting, that the node may want TLS; on TLS with no client
    /// certificate, asked or not (the node may close before the first request is written), that it may want one.
    private var closedBeforeAnyReply: RedisError.Kind? {
        guard !answered else { return nil }
        if plainText, !pending.isEmpty { return .tls(.mayExpectTLS) }
        if withoutClientCertificate { return .tls(.clientCertificateRejected(reason: "the node closed the connection after the handshake")) }
        return nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(RedisError(node: address, kind: failure))
            promise?.succeed()
            return
        }
        guard !request.commands.isEmpty else {
            request.promise.succeed([])
            promise?.succeed()
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: request.commands.reduce(0) { $0 + $1.encodedLength })
        for command in request.commands {
            command.encode(into: &buffer)
        }
        nextID &+= 1
        pending.append(Pending(id: nextID, expected: request.commands.count, timeout: request.timeout, first: request.commands[0], promise: request.promise))
        if pending.count == 1 {
            startHeadTimer(context: context)
        }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        answered = true
        if case .push = value { return }
        guard !pending.isEmpty else {
            fail(.protocolViolation(RESPProtocolError(.invalidTypeByte, "a reply arrived that no command asked for")), context: context)
            return
        }
        headReplies.append(value)
        headProgress = context.eventLoop.now
        if headReplies.count == pending[pending.startIndex].expected {
            let done = pending.removeFirst()
            let replies = headReplies
            headReplies = []
            headTimer?.cancel()
            headTimer = nil
            if !pending.isEmpty {
                startHeadTimer(context: context)
            }
            done.promise.succeed(replies)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case is RESPProtocolError where plainText && !answered && !pending.isEmpty:
            // A TLS server answers plain text with a TLS alert record, which is not RESP, or resets the connection.
            fail(.tls(.mayExpectTLS), context: context)
        case let error as IOError where error.errnoCode == ECONNRESET && closedBeforeAnyReply != nil:
            fail(closedBeforeAnyReply ?? .connectionClosed, context: context)
        case let error as RESPProtocolError where error.code == .truncated:
            fail(.closedMidReply, context: context)
        case let error as IOError where error.errnoCode == ECONNRESET:
            // The node closed the connection (`CLIENT KILL`, a restart) before this side's last
            // write reached it, so its kernel answered with a reset: closed, as an end of stream reads.
            fail(.connectionClosed, context: context)
        case let error as RESPProtocolError:
            fail(.protocolViolation(error), context: context)
        default:
            let tls = TLSFailure.classify(error, expectedName: nil, address: address)
            fail(tls.map { .tls($0) } ?? .network(String(describing: error)), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if failure == nil {
            // Closed before any reply to a request: what a TLS server does with plain text.
            let hint = closedBeforeAnyReply
            failure = hint ?? .connectionClosed
            if let hint {
                closeReason?.record(hint)
            }
        }
        failAll()
        context.fireChannelInactive()
    }

    /// Watches the request now at the head, from now on.
    private func startHeadTimer(context: ChannelHandlerContext) {
        headProgress = context.eventLoop.now
        guard let head = pending.first else { return }
        scheduleHeadTimer(id: head.id, at: headProgress + head.timeout, context: context)
    }

    private func scheduleHeadTimer(id: UInt64, at deadline: NIODeadline, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        headTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.headTimerFired(requestID: id, context: context)
        }
    }

    /// Fails the head request if no reply came within its timeout; otherwise waits on from the last reply.
    private func headTimerFired(requestID: UInt64, context: ChannelHandlerContext) {
        guard let head = pending.first, head.id == requestID else { return }
        let deadline = headProgress + head.timeout
        if deadline > context.eventLoop.now {
            scheduleHeadTimer(id: requestID, at: deadline, context: context)
            return
        }
        let seconds = Double(head.timeout.nanoseconds) / 1e9
        // Commands the node has not acknowledged may still sit in this side's send queue: a host cut off keeps
        // them, and after the tool exits the kernel would deliver them once the link is back (a `SETSLOT` opening
        // slots long after `fix` closed them). A zero linger makes the close a reset that drops them.
        // On the channel's event loop, a socket channel sets it at once.
        _ = (context.channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
        fail(.commandTimeout(command: head.name, seconds: seconds), context: context)
    }

    private func fail(_ kind: RedisError.Kind, context: ChannelHandlerContext) {
        if failure == nil {
            failure = kind
            // A TLS hint is what later requests on the closed connection fail with too; other failures leave them "closed".
            if case .tls = kind {
                closeReason?.record(kind)
            }
        }
        failAll()
        context.close(promise: nil)
    }

    private func failAll() {
        let error = RedisError(node: address, kind: failure ?? .connectionClosed)
        headReplies = []
        headTimer?.cancel()
        headTimer = nil
        while let request = pending.popFirst() {
            request.promise.fail(error)
        }
    }
}
