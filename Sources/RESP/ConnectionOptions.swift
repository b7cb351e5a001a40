import Logging

/// How to open and use a connection to a node.
public struct ConnectionOptions: Sendable {
    /// How long to wait for the TCP connection, in seconds (default 5).
    public var connectTimeout: Double
    /// How long to wait for the replies to one request, in seconds (default 5).
    public var commandTimeout: Double
    /// The ACL user for `AUTH`; `nil` for the default user. Without a password it logs in with an
    /// empty one, which a `nopass` user accepts.
    public var username: String?
    /// The password for `AUTH`; `nil` to send no `AUTH` (unless a ``username`` is given).
    public var password: String?
    /// The decoder's bounds on replies.
    public var limits: RESPDecodingLimits
    /// TLS for every connection; `nil` for plain TCP.
    public var tls: TLSOptions?
    /// Where every command sent is logged, at trace level, as its ``RedisCommand/description`` (passwords
    /// hidden) with the node's address under ``nodeMetadataKey``, by the task that sends it and before it is
    /// written; the default logs nothing.
    public var logger: Logger

    /// The metadata key under which a command's log record names the node it was sent to.
    public static let nodeMetadataKey = "redis.node"
    /// A logger that drops every record: the default of ``logger``.
    public static let silentLogger = Logger(label: "redis-trib", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Makes options; every default is what redis-cli uses.
    public init(
        connectTimeout: Double = 5,
        commandTimeout: Double = 5,
        username: String? = nil,
        password: String? = nil,
        limits: RESPDecodingLimits = .standard,
        tls: TLSOptions? = nil,
        logger: Logger = ConnectionOptions.silentLogger
    ) {
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.username = username
        self.password = password
        self.limits = limits
        self.tls = tls
        self.logger = logger
    }
}
