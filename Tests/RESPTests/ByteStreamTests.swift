import NIOCore
import NIOPosix
import RESP
import Testing

/// ``ByteStream`` against a loopback server that sends scripted bytes: lines and raw bytes however
/// the writes split them, the end of the stream, a silent server, a line without an end.
@Suite("A connection read as raw bytes")
struct ByteStreamTests {
    /// A loopback server that sends `chunks`, one write each, to every client, then closes the
    /// connection (or, when `close` is false, keeps it open and silent).
    struct ScriptedServer {
        let channel: any Channel

        var address: NodeAddress {
            NodeAddress(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
        }

        static func start(_ chunks: [[UInt8]], close: Bool = true) async throws -> ScriptedServer {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(Sender(chunks: chunks, close: close))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .get()
            return ScriptedServer(channel: channel)
        }

        func stop() async {
            try? await channel.close()
        }

        /// Starts a server, runs `body` with its address, and stops it whether `body` returns or throws.
        static func with<T>(_ chunks: [[UInt8]], close: Bool = true, _ body: (NodeAddress) async throws -> T) async throws -> T {
            let server = try await start(chunks, close: close)
            do {
                let result = try await body(server.address)
                await server.stop()
                return result
            } catch {
                await server.stop()
                throw error
            }
        }

        private final class Sender: ChannelInboundHandler, Sendable {
            typealias InboundIn = ByteBuffer
            typealias OutboundOut = ByteBuffer
            let chunks: [[UInt8]]
            let close: Bool

            init(chunks: [[UInt8]], close: Bool) {
                self.chunks = chunks
                self.close = close
            }

            func channelActive(context: ChannelHandlerContext) {
                for chunk in chunks {
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: chunk)), promise: nil)
                }
                if close {
                    context.close(promise: nil)
                }
            }
        }
    }

    @Test("lines split across writes, keepalive newlines, then raw bytes to the end of the stream")
    func linesThenBytes() async throws {
        let chunks = ["+O", "K\r\n", "\n\n", "$EOF:", "abc\r\nPAY", "LOAD", "end"].map { Array($0.utf8) } + [[0x00, 0xFF, 0x0A]]
        let (lines, payload) = try await ScriptedServer.with(chunks) { address in
            try await RedisConnection.withByteStream(to: address, readTimeout: 5) { stream in
                var lines: [String] = []
                for _ in 0..<4 {
                    lines.append(try await stream.readLine())
                }
                var payload: [UInt8] = []
                while let chunk = try await stream.read(atMost: 3) {
                    #expect(chunk.readableBytes <= 3)
                    payload += chunk.readableBytesView
                }
                return (lines, payload)
            }
        }
        #expect(lines == ["+OK", "", "", "$EOF:abc"])
        #expect(payload == Array("PAYLOADend".utf8) + [0x00, 0xFF, 0x0A])
    }

    @Test("a line the stream ends in the middle of is a reply cut short")
    func cutLine() async throws {
        let error = await #expect(throws: RedisError.self) {
            try await ScriptedServer.with([Array("$12".utf8)]) { address in
                try await RedisConnection.withByteStream(to: address, readTimeout: 5) { stream in try await stream.readLine() }
            }
        }
        #expect(error?.kind == .closedMidReply)
    }

    @Test("a server that sends nothing fails the read after the read timeout; a line longer than the limit is refused")
    func silenceAndLongLine() async throws {
        let timeout = await #expect(throws: RedisError.self) {
            try await ScriptedServer.with([], close: false) { address in
                try await RedisConnection.withByteStream(to: address, readTimeout: 0.2) { stream in try await stream.read(atMost: 10) }
            }
        }
        #expect(timeout?.code == "command-timeout", "\(String(describing: timeout))")

        let line = [Array(repeating: UInt8(ascii: "x"), count: ByteStream.maximumLineLength + 10)]
        let tooLong = await #expect(throws: RedisError.self) {
            try await ScriptedServer.with(line, close: false) { address in
                try await RedisConnection.withByteStream(to: address, readTimeout: 5) { stream in try await stream.readLine() }
            }
        }
        #expect(tooLong?.code == "protocol-error", "\(String(describing: tooLong))")
    }
}
