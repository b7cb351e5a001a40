import Logging
import NIOCore
import NIOPosix

/// One connection to one node, safe to share between tasks.
///
/// Requests are written in the order they are made and their replies matched in that order,
/// so several tasks may use one connection; ``pipeline(_:timeout:)`` sends many commands in one
/// write and reads all their replies in one round trip.
public final class RedisConnection: Sendable {
    /// The node this connection talks to.
    public let address: NodeAddress
    /// The options it was opened with.
    public let options: ConnectionOptions
    private let channel: any Channel
    /// Why the channel closed, as its handler read it: what a request written after the close fails with.
    private let closeReason: CloseReason

    private init(address: NodeAddress, options: ConnectionOptions, channel: any Channel, closeReason: CloseReason) {
        self.address = address
        self.options = options
        self.channel = channel
        self.closeReason = closeReason
    }

    /// Opens a connection, and authenticates when the options carry a password.
    ///
    /// With ``ConnectionOptions/tls`` it speaks TLS and waits for the handshake, verifying the node's
    /// certificate and name (unless insecure).
    ///
    /// - Throws: ``RedisError`` — refused, connect timeout, unresolvable host, a TLS failure (`.tls`), or authentication failed.
    public static func connect(
        to address: NodeAddress,
        options: ConnectionOptions = ConnectionOptions(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RedisConnection {
        let limits = options.limits
        let tls = options.tls
        let connectTimeout = TimeAmount.nanoseconds(SecondsConversion.nanoseconds(options.connectTimeout))
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        let channel: any Channel
        let handshake: EventLoopFuture<PeerCertificateDates?>?
        let closeReason = CloseReason()
        let initializer: @Sendable (any Channel) -> EventLoopFuture<(any Channel, EventLoopFuture<PeerCertificateDates?>?)> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let handshake = try tls.map { try addTLSHandlers(to: channel, tls: $0, address: address, timeout: connectTimeout) }
                try channel.pipeline.syncOperations.addHandlers([
                    ByteToMessageHandler(RESPDecoder(limits: limits)),
                    RESPCommandHandler(
                        address: address, plainText: tls == nil, withoutClientCertificate: tls.map { $0.certificateFile == nil } ?? false,
                        closeReason: closeReason),
                ])
                return (channel, handshake)
            }
        }
        do {
            // An IP address is dialled as it is: no resolver and no Happy Eyeballs race for it.
            if address.hasIPHost, let socketAddress = try? SocketAddress(ipAddress: address.host, port: address.port) {
                (channel, handshake) = try await bootstrap.connect(to: socketAddress, channelInitializer: initializer)
            } else {
                (channel, handshake) = try await bootstrap.connect(host: address.host, port: address.port, channelInitializer: initializer)
            }
        } catch {
            throw RedisError(node: address, kind: connectFailure(error, timeout: options.connectTimeout))
        }
        if let handshake, let tls {
            do {
                try await awaitHandshake(handshake, tls: tls, address: address, connectTimeout: options.connectTimeout, eventLoopGroup: eventLoopGroup)
            } catch {
                try? await channel.close()
                throw error
            }
        }
        let connection = RedisConnection(address: address, options: options, channel: channel, closeReason: closeReason)
        // A user without a password logs in with an empty one, which an ACL user with `nopass`
        // accepts (valkey-io/valkey#3844: redis-cli then sent no AUTH and broke its MIGRATEs).
        if let password = options.password ?? (options.username == nil ? nil : "") {
            var auth = RedisCommand("AUTH")
            if let username = options.username {
                auth.append(username)
            }
            auth.append(password)
            let reply: RESPValue
            do {
                reply = try await connection.pipeline([auth])[0]
            } catch {
                await connection.close()
                throw error
            }
            if case .error = reply {
                await connection.close()
                var message = reply.string ?? ""
                if options.password == nil, let username = options.username {
                    message +=
                        " (user '\(username)' was given without a password: give one with -a, --askpass or REDISCLI_AUTH, "
                        + "unless the user is `nopass`)"
                }
                throw RedisError(node: address, kind: .authenticationFailed(RedisServerError(message: message)))
            }
        }
        return connection
    }

    /// Sends one command and returns its reply.
    ///
    /// - Parameters:
    ///   - command: the command.
    ///   - timeout: seconds to wait for the reply once the node starts on it (earlier requests on
    ///     this connection answered); the connection's command timeout when `nil`.
    /// - Throws: ``RedisError`` — `.server` for an error reply, or a connection failure.
    @discardableResult
    public func send(_ command: RedisCommand, timeout: Double? = nil) async throws -> RESPValue {
        let reply = try await pipeline([command], timeout: timeout)[0]
        if case .error = reply {
            throw RedisError(node: address, kind: .server(RedisServerError(message: reply.string ?? "")))
        }
        return reply
    }

    /// Sends one command given as text arguments and returns its reply.
    ///
    /// - Throws: ``RedisError`` — `.server` for an error reply, or a connection failure.
    @discardableResult
    public func send(_ arguments: String...) async throws -> RESPValue {
        try await send(RedisCommand(arguments))
    }

    /// Sends commands in one write and returns their replies in order, error replies included as `.error` values.
    ///
    /// The timeout bounds how long the node may stay silent: it counts from when the node starts on
    /// the batch (every earlier request on this connection answered) and starts again with each reply.
    /// - Throws: ``RedisError`` for a connection failure (never for an error reply).
    public func pipeline(_ commands: [RedisCommand], timeout: Double? = nil) async throws -> [RESPValue] {
        for command in commands {
            // `description` hides passwords (AUTH, CONFIG SET requirepass, ACL rules): a log is not a place for them.
            options.logger.trace("\(command.description)", metadata: [ConnectionOptions.nodeMetadataKey: "\(address)"])
        }
        let seconds = timeout ?? options.commandTimeout
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let request = RESPRequest(commands: commands, timeout: .nanoseconds(SecondsConversion.nanoseconds(seconds)), promise: promise)
        let address = self.address
        let closeReason = self.closeReason
        // A closed channel has no handlers left to answer; the failed write answers instead, with why it closed.
        channel.writeAndFlush(request).whenFailure { _ in
            promise.fail(RedisError(node: address, kind: closeReason.value ?? .connectionClosed))
        }
        let replies = try await promise.futureResult.get()
        // Most pipelines hold no error reply: returned as they are, not copied.
        guard replies.contains(where: \.isError) else { return replies }
        // An error reply may quote the argument it rejects, an ACL rule's password say: it leaves here without it.
        return replies.enumerated().map { index, reply in
            reply.isError && index < commands.count ? commands[index].redacting(reply) : reply
        }
    }

    /// Whether the connection is still open (the node may have closed it, or a timeout did).
    public var isOpen: Bool {
        channel.isActive
    }

    /// Closes the connection; replies still awaited fail with `.connectionClosed`.
    public func close() async {
        try? await channel.close()
    }

    static func connectFailure(_ error: any Error, timeout: Double) -> RedisError.Kind {
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .connectTimeout(seconds: timeout)
        }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return .unresolvableHost
            }
            if let first = error.connectionErrors.first {
                return connectFailure(first.error, timeout: timeout)
            }
        }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED {
            return .connectionRefused
        }
        if error is SocketAddressError {
            return .unresolvableHost
        }
        return .network(String(describing: error))
    }
}
