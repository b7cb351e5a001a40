import NIOCore
import NIOPosix
import RESP

/// A loopback server that answers `+OK` to every command it receives, whatever it is: enough for a
/// connection to authenticate and send, without a real server.
struct OKServer {
    let channel: any Channel

    /// The address it listens on (while it listens).
    var address: NodeAddress {
        NodeAddress(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
    }

    /// Starts listening on a free loopback port.
    static func start() async throws -> OKServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([ByteToMessageHandler(RESPDecoder()), Answerer()])
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return OKServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Answers each decoded command with `+OK`.
    private final class Answerer: ChannelInboundHandler, Sendable {
        typealias InboundIn = RESPValue
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "+OK\r\n")), promise: nil)
        }
    }
}
