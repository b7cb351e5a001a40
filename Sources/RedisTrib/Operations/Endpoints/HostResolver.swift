import Foundation
import RESP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a host name into the IP address `CLUSTER MEET` needs (it takes no names).
enum HostResolver {
    /// The IP address of `host`: itself when it is one already, else the first address the resolver gives.
    static func ipAddress(of address: NodeAddress) throws(TribError) -> String {
        let host = address.host
        if NodeAddress.isIPAddress(host) {
            return host
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
            throw TribError(.invalidArgument, "the host name '\(host)' cannot be resolved", node: address)
        }
        defer { freeaddrinfo(result) }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(first.pointee.ai_addr, first.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
        else {
            throw TribError(.invalidArgument, "the host name '\(host)' cannot be resolved", node: address)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
