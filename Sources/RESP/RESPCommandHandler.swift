import NIOCore

/// A batch of commands written together, and the promise of their replies in order.
struct RESPRequest: Sendable {
    var commands: [RedisCommand]
    var timeout: TimeAmount
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to requests in order, enforces the command timeout, and turns every channel
/// failure into a ``RedisError`` for the requests still waiting.
final class RESPCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RESPRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var id: UInt64
        var expected: Int
        var promise: EventLoopPromise<[RESPValue]>
        var timeoutTask: Scheduled<Void>?
    }

    private let address: NodeAddress
    private var pending = CircularBuffer<Pending>()
    /// The replies of the oldest request so far, kept outside `pending`: appending through the
    /// buffer's subscript would copy the array on every reply.
    private var headReplies: [RESPValue] = []
    private var nextID: UInt64 = 0
    private var failure: RedisError.Kind?

    init(address: NodeAddress) {
        self.address = address
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
        let id = nextID
        let seconds = Double(request.timeout.nanoseconds) / 1e9
        let name = request.commands.count == 1 ? request.commands[0].name : "a pipeline of \(request.commands.count) commands"
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(in: request.timeout) {
            let (handler, context) = loopBound.value
            handler.timedOut(requestID: id, kind: .commandTimeout(command: name, seconds: seconds), context: context)
        }
        pending.append(Pending(id: id, expected: request.commands.count, promise: request.promise, timeoutTask: task))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if case .push = value { return }
        guard !pending.isEmpty else {
            fail(.protocolViolation(RESPProtocolError(.invalidTypeByte, "a reply arrived that no command asked for")), context: context)
            return
        }
        headReplies.append(value)
        if headReplies.count == pending[pending.startIndex].expected {
            let done = pending.removeFirst()
            let replies = headReplies
            headReplies = []
            done.timeoutTask?.cancel()
            done.promise.succeed(replies)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case let error as RESPProtocolError where error.code == .truncated:
            fail(.closedMidReply, context: context)
        case let error as RESPProtocolError:
            fail(.protocolViolation(error), context: context)
        default:
            fail(.network(String(describing: error)), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if failure == nil {
            failure = .connectionClosed
        }
        failAll()
        context.fireChannelInactive()
    }

    private func timedOut(requestID: UInt64, kind: RedisError.Kind, context: ChannelHandlerContext) {
        guard pending.contains(where: { $0.id == requestID }) else { return }
        fail(kind, context: context)
    }

    private func fail(_ kind: RedisError.Kind, context: ChannelHandlerContext) {
        if failure == nil {
            failure = kind
        }
        failAll()
        context.close(promise: nil)
    }

    private func failAll() {
        let error = RedisError(node: address, kind: failure ?? .connectionClosed)
        headReplies = []
        while let request = pending.popFirst() {
            request.timeoutTask?.cancel()
            request.promise.fail(error)
        }
    }
}
