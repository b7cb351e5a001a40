import NIOCore
import NIOEmbedded
import Testing

@testable import RESP

@Suite("Matching replies to requests")
struct RESPCommandHandlerTests {
    let address = NodeAddress(host: "127.0.0.1", port: 7000)

    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RESPDecoder()),
            RESPCommandHandler(address: address),
        ])
        return channel
    }

    @Test("pipelined replies come back in order, one batch per request")
    func ordering() throws {
        let channel = try channel()
        let first = channel.eventLoop.makePromise(of: [RESPValue].self)
        let second = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING"), RedisCommand("GET", "k")], timeout: .seconds(5), promise: first), promise: nil)
        channel.write(RESPRequest(commands: [RedisCommand("INCR", "n")], timeout: .seconds(5), promise: second), promise: nil)
        let written = try channel.readOutbound(as: ByteBuffer.self)
        #expect(written.map { String(buffer: $0) } == "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n$1\r\nv\r\n:4"))
        try channel.writeInbound(ByteBuffer(string: "2\r\n"))
        #expect(try first.futureResult.wait() == [.simpleString(ByteBuffer(string: "PONG")), .bulkString(ByteBuffer(string: "v"))])
        #expect(try second.futureResult.wait() == [.integer(42)])
        _ = try channel.finish()
    }

    @Test("a connection closed in the middle of a reply fails the request with 'closed mid-reply'")
    func closedMidReply() throws {
        let channel = try channel()
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("CLUSTER", "NODES")], timeout: .seconds(5), promise: promise), promise: nil)
        try channel.writeInbound(ByteBuffer(string: "$100\r\nabc"))
        channel.pipeline.fireChannelInactive()
        #expect {
            try promise.futureResult.wait()
        } throws: { error in
            (error as? RedisError)?.kind == .closedMidReply && (error as? RedisError)?.node == address
        }
    }

    @Test("a connection closed between replies fails waiting requests with 'closed'")
    func closedBetweenReplies() throws {
        let channel = try channel()
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: promise), promise: nil)
        channel.pipeline.fireChannelInactive()
        #expect { try promise.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .connectionClosed }
    }

    @Test("bytes that are not RESP fail the request with a protocol error")
    func protocolViolation() throws {
        let channel = try channel()
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(5), promise: promise), promise: nil)
        _ = try? channel.writeInbound(ByteBuffer(string: "?garbage\r\n"))
        #expect {
            try promise.futureResult.wait()
        } throws: { error in
            guard case .protocolViolation(let inner) = (error as? RedisError)?.kind else { return false }
            return inner.code == .invalidTypeByte
        }
    }
}
