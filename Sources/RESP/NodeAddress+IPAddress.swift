#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NodeAddress {
    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    public static func isIPAddress(_ host: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
    }

    /// Whether the host is an IP address rather than a name.
    public var hasIPHost: Bool { Self.isIPAddress(host) }
}
