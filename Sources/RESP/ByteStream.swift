import Logging
import NIOCore
import NIOPosix

/// A connection read as raw bytes instead of RESP replies: for the replication stream, whose
/// snapshot after `SYNC` is a run of bytes framed by a length or a marker, not a reply.
///
/// Made only by ``RedisConnection/withByteStream(to:options:readTimeout:_:)``, which opens it,
/// authenticates, and closes it when the body ends.
public struct ByteStream {
    /// The longest line ``readLine()`` accepts.
    public static let maximumLineLength = 64 * 1024

    /// The node at the other end.
    public let address: NodeAddress
    /// Where each command sent is logged, as ``RedisConnection`` logs them.
    private let logger: Logger
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// Bytes received and not read yet.
    private var buffered = ByteBuffer()

    fileprivate init(
        address: NodeAddress, logger: Logger, inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.address = address
        self.logger = logger
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Sends a command, RESP-encoded.
    ///
    /// - Throws: ``RedisError`` when the connection is closed.
    public func send(_ command: RedisCommand) async throws {
        // `description` hides passwords (AUTH).
        logger.trace("\(command.description)", metadata: [ConnectionOptions.nodeMetadataKey: "\(address)"])
        var buffer = ByteBuffer()
        buffer.reserveCapacity(command.encodedLength)
        command.encode(into: &buffer)
        do {
            try await outbound.write(buffer)
        } catch {
            throw RedisError(node: address, kind: .connectionClosed)
        }
    }

    /// The next line, without its `\r\n` (or a lone `\n`).
    ///
    /// - Throws: ``RedisError`` — `.closedMidReply` when the stream ends first, `.protocolViolation`
    ///   for a line longer than ``maximumLineLength``, `.commandTimeout` when nothing arrives in time.
    public mutating func readLine() async throws -> String {
        while true {
            if let newline = buffered.readableBytesView.firstIndex(of: UInt8(ascii: "\n")),
                let line = buffered.readString(length: newline - buffered.readerIndex)
            {
                buffered.moveReaderIndex(forwardBy: 1)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            guard buffered.readableBytes <= Self.maximumLineLength else {
                throw RedisError(node: address, kind: .protocolViolation(RESPProtocolError(.lineTooLong, "a line longer than \(Self.maximumLineLength) bytes")))
            }
            guard try await receive() else {
                throw RedisError(node: address, kind: .closedMidReply)
            }
        }
    }

    /// At most `maximum` bytes: those received and not read yet, else the next to arrive; `nil`
    /// when the node closed the connection and everything was read.
    ///
    /// - Throws: ``RedisError`` `.commandTimeout` when nothing arrives in time, or a connection failure.
    public mutating func read(atMost maximum: Int) async throws -> ByteBuffer? {
        if buffered.readableBytes == 0 {
            guard try await receive() else { return nil }
        }
        return buffered.readSlice(length: min(max(1, maximum), buffered.readableBytes))
    }

    /// Waits for the next bytes; `false` at the end of the stream.
    private mutating func receive() async throws -> Bool {
        let next: ByteBuffer?
        do {
            next = try await inbound.next()
        } catch let error as RedisError {
            throw error
        } catch {
            let tls = TLSFailure.classify(error, expectedName: nil, address: address)
            throw RedisError(node: address, kind: tls.map { .tls($0) } ?? .network(String(describing: error)))
        }
        guard var next else { return false }
        if buffered.readableBytes == 0 {
            buffered = next
        } else {
            buffered.discardReadBytes()
            buffered.writeBuffer(&next)
        }
        return true
    }
}

/// Fails the stream when the node sends nothing for the read timeout.
private final class ByteStreamTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let address: NodeAddress
    private let seconds: Double

    init(address: NodeAddress, seconds: Double) {
        self.address = address
        self.seconds = seconds
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? IdleStateHandler.IdleStateEvent, event == .read {
            context.fireErrorCaught(RedisError(node: address, kind: .commandTimeout(command: "reading the byte stream", seconds: seconds)))
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

extension RedisConnection {
    /// Opens a connection read as raw bytes (``ByteStream``), authenticates when the options carry
    /// a password, runs `body`, and closes the connection whether `body` returns or throws.
    ///
    /// - Parameter readTimeout: seconds the node may send nothing before a read fails.
    /// It speaks TLS as ``connect(to:options:eventLoopGroup:)`` does when the options carry it.
    ///
    /// - Throws: ``RedisError`` — refused, connect timeout, a TLS failure, authentication failed, or what `body` throws.
    public static func withByteStream<Result>(
        to address: NodeAddress,
        options: ConnectionOptions = ConnectionOptions(),
        readTimeout: Double,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (inout ByteStream) async throws -> Result
    ) async throws -> Result {
        let idle = TimeAmount.nanoseconds(SecondsConversion.nanoseconds(readTimeout))
        let tls = options.tls
        let connectTimeout = TimeAmount.nanoseconds(SecondsConversion.nanoseconds(options.connectTimeout))
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        let handshake: EventLoopFuture<PeerCertificateDates?>?
        do {
            (channel, handshake) = try await bootstrap.connect(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = try tls.map { try addTLSHandlers(to: channel, tls: $0, address: address, timeout: connectTimeout) }
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idle), ByteStreamTimeoutHandler(address: address, seconds: readTimeout),
                    ])
                    return (try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel), handshake)
                }
            }
        } catch {
            throw RedisError(node: address, kind: connectFailure(error, timeout: options.connectTimeout))
        }
        if let handshake, let tls {
            do {
                try await awaitHandshake(handshake, tls: tls, address: address, connectTimeout: options.connectTimeout, eventLoopGroup: eventLoopGroup)
            } catch {
                try? await channel.channel.close()
                throw error
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            var stream = ByteStream(address: address, logger: options.logger, inbound: inbound, outbound: outbound)
            // As RedisConnection: a user without a password logs in with an empty one (a `nopass` user).
            if let password = options.password ?? (options.username == nil ? nil : "") {
                var auth = RedisCommand("AUTH")
                if let username = options.username {
                    auth.append(username)
                }
                auth.append(password)
                try await stream.send(auth)
                let reply = try await stream.readLine()
                if reply.hasPrefix("-") {
                    throw RedisError(node: address, kind: .authenticationFailed(RedisServerError(message: String(reply.dropFirst()))))
                }
            }
            return try await body(&stream)
        }
    }
}
