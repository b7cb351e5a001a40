/// Where a node listens: a host (IPv4, IPv6 or a name) and a TCP port.
///
/// As text it is `HOST:PORT`, with IPv6 hosts in brackets: `127.0.0.1:7000`, `[::1]:7000`,
/// `redis-a.internal:7000`.
public struct NodeAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The host, without brackets.
    public var host: String
    /// The TCP port, 1…65535 (0 only for a node that does not know its address yet).
    public var port: Int

    /// Makes an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPV6]:PORT`.
    ///
    /// - Throws: ``NodeAddressError`` naming the text and what was expected.
    public init(parsing text: String) throws(NodeAddressError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw NodeAddressError(text: text, reason: "an IPv6 address in brackets needs its closing ']'")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw NodeAddressError(text: text, reason: "expected ':PORT' after ']'")
            }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw NodeAddressError(text: text, reason: "expected HOST:PORT")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw NodeAddressError(text: text, reason: "an IPv6 host must be written in brackets, as [::1]:7000")
            }
        }
        guard !hostPart.isEmpty else {
            throw NodeAddressError(text: text, reason: "the host is empty")
        }
        guard hostPart.allSatisfy({ !$0.isWhitespace && $0 != "/" && $0 != "@" }) else {
            throw NodeAddressError(text: text, reason: "the host '\(hostPart)' contains a character a host name cannot have")
        }
        guard let port = Int(portPart), (1...65535).contains(port), portPart.allSatisfy(\.isASCII) else {
            throw NodeAddressError(text: text, reason: "the port '\(portPart)' is not a number from 1 to 65535")
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// Whether the host is an IPv6 literal.
    public var isIPv6: Bool { host.contains(":") }

    /// `HOST:PORT`, with brackets around an IPv6 host.
    public var description: String {
        isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public static func < (lhs: NodeAddress, rhs: NodeAddress) -> Bool {
        (lhs.host, lhs.port) < (rhs.host, rhs.port)
    }
}

/// Text that is not a node address.
public struct NodeAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What was expected instead.
    public var reason: String

    public var description: String { "'\(text)' is not a node address: \(reason)" }
}
