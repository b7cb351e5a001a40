import Foundation
import RedisTrib
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out loopback ports whose cluster bus port (port + 10000) is free too, never the same one
/// twice in a process nor to two processes at once, so tests, sandboxes and benchmarks that start
/// servers at the same moment do not collide.
///
/// "Nothing listens there" alone is not enough: between the check and the server's own bind, another
/// process may check the same port. So each port is first claimed on the whole machine (on Linux, a
/// socket bound to a name in the abstract namespace), then checked, and the claim is held until the
/// server listens.
final class PortReservation: Sendable {
    static let shared = PortReservation()

    /// A port handed out, claimed on the whole machine until ``release()``.
    struct Claim: Sendable {
        /// The port.
        var port: Int
        /// The descriptor that holds the claim; `-1` where there is no machine-wide claim.
        fileprivate var descriptor: Int32

        /// Gives the claim back, once the server listens on the port (or will not).
        func release() {
            if descriptor >= 0 { close(descriptor) }
        }
    }

    /// The next offset to try, and the ports this process took.
    private let state = Mutex<(next: Int, taken: Set<Int>)>((next: 0, taken: []))

    /// Returns a port where nothing listens on 127.0.0.1, nor on port + 10000, claimed until released.
    func reserve() throws(TribError) -> Claim {
        // Ports and bus ports stay below Linux's ephemeral range (32768…), where client sockets could take them.
        let range = 12000..<22000
        let start = range.lowerBound + Int(getpid() % 997) * 10
        for attempt in 0..<range.count {
            let port = state.withLock { state -> Int? in
                let candidate = range.lowerBound + (start - range.lowerBound + state.next + attempt) % range.count
                guard !state.taken.contains(candidate) else { return nil }
                return candidate
            }
            guard let port, let claim = Self.claim(port) else { continue }
            guard Self.isFree(port), Self.isFree(port + 10000) else {
                claim.release()
                continue
            }
            let kept = state.withLock { state -> Bool in
                guard state.taken.insert(port).inserted else { return false }
                state.next += 1
                return true
            }
            if kept { return claim }
            claim.release()
        }
        throw TribError(.launchFailed, "no free loopback port between \(range.lowerBound) and \(range.upperBound)")
    }

    /// Claims `port` on the whole machine; `nil` when another process holds the claim.
    static func claim(_ port: Int) -> Claim? {
        let unclaimed = Claim(port: port, descriptor: -1)
        #if os(Linux)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return unclaimed }
        // Closed by a program this process starts: the claim stays with this process alone.
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // A leading NUL: a name in the abstract namespace, which vanishes with its last descriptor.
        let name = Array("\0redis-trib-port-\(port)".utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in name.prefix(path.count).enumerated() { path[index] = byte }
        }
        guard let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) else {
            close(descriptor)
            return unclaimed
        }
        let length = socklen_t(pathOffset + name.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
        return Claim(port: port, descriptor: descriptor)
        #else
        return unclaimed
        #endif
    }

    private static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
