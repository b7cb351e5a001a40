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

    @Test("a request's timeout counts from when the node starts on it, not from when it was queued")
    func timeoutCountsFromTheHead() throws {
        let channel = try channel()
        let slow = channel.eventLoop.makePromise(of: [RESPValue].self)
        let queued = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("MIGRATE"), RedisCommand("MIGRATE")], timeout: .seconds(10), promise: slow), promise: nil)
        channel.write(RESPRequest(commands: [RedisCommand("CLUSTER", "NODES")], timeout: .seconds(1), promise: queued), promise: nil)
        // The pipeline takes 16 s in all, never 10 s without a reply; the queued request waits behind it.
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        #expect(try slow.futureResult.wait().count == 2)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        try channel.writeInbound(ByteBuffer(string: "+nodes\r\n"))
        #expect(try queued.futureResult.wait() == [.simpleString(ByteBuffer(string: "nodes"))])
        _ = try channel.finish()
    }

    @Test("a node silent for longer than the timeout fails the request at the head and those behind it")
    func silentNodeTimesOut() throws {
        let channel = try channel()
        let head = channel.eventLoop.makePromise(of: [RESPValue].self)
        let behind = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.write(RESPRequest(commands: [RedisCommand("PING"), RedisCommand("PING")], timeout: .seconds(2), promise: head), promise: nil)
        channel.write(RESPRequest(commands: [RedisCommand("PING")], timeout: .seconds(60), promise: behind), promise: nil)
        let ended = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
        head.futureResult.whenComplete { _ in ended.value = true }
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        // 2.9 s after the request, 1.9 s after its last reply: the reply started the 2 s again.
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
        #expect(!ended.value, "the timeout did not start again with the reply")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect { try head.futureResult.wait() } throws: { error in
            (error as? RedisError)?.kind == .commandTimeout(command: "a pipeline of 2 commands", seconds: 2)
        }
        #expect { try behind.futureResult.wait() } throws: { ($0 as? RedisError)?.kind == .commandTimeout(command: "a pipeline of 2 commands", seconds: 2) }
    }
}
