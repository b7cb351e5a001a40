import NIOCore

/// The RESP reply decoder for a NIO channel pipeline.
///
/// It wraps a ``RESPParser``; at end of stream, unread bytes or an unfinished aggregate become a
/// ``RESPProtocolError`` with code `.truncated`, which the connection reports as a reply cut short.
public struct RESPDecoder: ByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    private var parser: RESPParser

    /// Makes a decoder with the given limits.
    public init(limits: RESPDecodingLimits = .standard) {
        self.parser = RESPParser(limits: limits)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 || parser.isInsideReply {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            throw RESPProtocolError(.truncated, "connection closed in the middle of a reply")
        }
        return .needMoreData
    }
}
