/// Why a command to one node failed: which node, and how.
///
/// Every failure of the wire layer is one of these, so a caller can tell "the node refused the
/// connection" from "the node answered `-BUSYKEY`" without parsing text.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How it failed.
    public enum Kind: Sendable, Hashable {
        /// Nothing listens at the address.
        case connectionRefused
        /// The TCP connection did not open within the connect timeout (seconds).
        case connectTimeout(seconds: Double)
        /// The host name could not be resolved.
        case unresolvableHost
        /// The node did not answer within the command timeout (seconds); names the command.
        case commandTimeout(command: String, seconds: Double)
        /// The node closed the connection between replies.
        case connectionClosed
        /// The node closed the connection in the middle of a reply.
        case closedMidReply
        /// The node sent bytes that are not RESP, or a reply over the decoder's limits.
        case protocolViolation(RESPProtocolError)
        /// `AUTH` was refused when the connection opened.
        case authenticationFailed(RedisServerError)
        /// The node answered with an error reply.
        case server(RedisServerError)
        /// Any other network failure, with the system's words.
        case network(String)
        /// TLS failed: a certificate not trusted, a name not matching, a node that does not speak TLS, ….
        case tls(TLSFailure)
    }

    /// The node that failed.
    public var node: NodeAddress
    /// How it failed.
    public var kind: Kind

    /// Makes an error.
    public init(node: NodeAddress, kind: Kind) {
        self.node = node
        self.kind = kind
    }

    /// The server's error reply, when the failure is one.
    public var serverError: RedisServerError? {
        switch kind {
        case .server(let error), .authenticationFailed(let error): return error
        default: return nil
        }
    }

    /// A stable code for scripts and JSON: `connection-refused`, `command-timeout`, `server-error`, ….
    public var code: String {
        switch kind {
        case .connectionRefused: return "connection-refused"
        case .connectTimeout: return "connect-timeout"
        case .unresolvableHost: return "unresolvable-host"
        case .commandTimeout: return "command-timeout"
        case .connectionClosed: return "connection-closed"
        case .closedMidReply: return "closed-mid-reply"
        case .protocolViolation: return "protocol-error"
        case .authenticationFailed: return "authentication-failed"
        case .server: return "server-error"
        case .network: return "network-error"
        case .tls(let failure): return "tls-" + failure.code
        }
    }

    /// `HOST:PORT: what happened`.
    public var description: String {
        "\(node): " + reason
    }

    /// What happened, without the node.
    public var reason: String {
        switch kind {
        case .connectionRefused:
            return "connection refused (nothing listens there)"
        case .connectTimeout(let seconds):
            return "could not connect within \(Self.format(seconds)) s (connect timeout)"
        case .unresolvableHost:
            return "the host name '\(node.host)' cannot be resolved"
        case .commandTimeout(let command, let seconds):
            return "no reply to \(command) within \(Self.format(seconds)) s (command timeout)"
        case .connectionClosed:
            return "the node closed the connection"
        case .closedMidReply:
            return "the node closed the connection in the middle of a reply"
        case .protocolViolation(let error):
            return error.description
        case .authenticationFailed(let error):
            return "authentication failed: \(error.message)"
        case .server(let error):
            return error.message
        case .network(let text):
            return text
        case .tls(let failure):
            return failure.reason
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}

/// An error reply from a server: `-BUSYKEY Target key name already exists.`
public struct RedisServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole error text, code first.
    public var message: String

    /// Makes an error from the reply's text.
    public init(message: String) {
        self.message = message
    }

    /// The first word when it is in capitals (`MOVED`, `ASK`, `BUSYKEY`, `ERR`, `NOAUTH`, `WRONGPASS`, …).
    public var code: String {
        let word = message.prefix { $0 != " " }
        return !word.isEmpty && word.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) ? String(word) : "ERR"
    }

    public var description: String { message }
}
