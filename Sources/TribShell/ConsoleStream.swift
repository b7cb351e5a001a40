import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error, written with `write(2)` so that a closed reader never
/// stops the program.
///
/// `FileHandle.write(_:)` traps when the write fails, and a pipe whose reader left (`| head`)
/// fails every write with `EPIPE` once `SIGPIPE` is ignored. Here the first failure closes the
/// stream: that and every later write are dropped, and the operation that was printing goes on
/// to its end (a slot move is never left half done because nobody reads its progress).
///
/// ```swift
/// ConsoleStream.ignoreBrokenPipes()
/// ConsoleStream.output.write("done\n")
/// ```
public final class ConsoleStream: Sendable {
    /// Standard output.
    public static let output = ConsoleStream(descriptor: STDOUT_FILENO)
    /// Standard error.
    public static let error = ConsoleStream(descriptor: STDERR_FILENO)

    /// The file descriptor written to.
    public let descriptor: Int32
    private let closed = Mutex(false)

    /// A stream on `descriptor`.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Makes writes to a pipe without a reader fail with `EPIPE` instead of killing the process.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether a write failed, so that everything written since was dropped.
    public var isClosed: Bool {
        closed.withLock { $0 }
    }

    /// Writes `text` whole, or as much as the reader takes before it goes away.
    public func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes `text` and a line break.
    public func writeLine(_ text: String) {
        write(text + "\n")
    }

    /// Writes `bytes` whole, or as much as the reader takes before it goes away.
    public func write(_ bytes: [UInt8]) {
        // One writer at a time, so that lines from concurrent tasks do not interleave.
        closed.withLock { isClosed in
            guard !isClosed else { return }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { buffer in
                    #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                    #else
                    Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                    #endif
                }
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    // A non-blocking descriptor: wait until it takes more.
                    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&request, 1, -1)
                } else {
                    isClosed = true
                    return
                }
            }
        }
    }
}
