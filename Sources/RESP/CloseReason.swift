import Synchronization

/// What a connection's handler read into its channel's close (a node that may want TLS, or a client
/// certificate), kept for the connection: a request written after the close fails with it rather
/// than with a bare "closed".
final class CloseReason: Sendable {
    private let kind = Mutex<RedisError.Kind?>(nil)

    /// The reason, once the channel has closed with one.
    var value: RedisError.Kind? {
        kind.withLock { $0 }
    }

    /// Keeps the first reason given.
    func record(_ reason: RedisError.Kind) {
        kind.withLock { kept in
            if kept == nil { kept = reason }
        }
    }
}
