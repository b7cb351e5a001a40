import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out loopback ports whose cluster bus port (port + 10000) is free too, never the same one
/// twice in a process, so tests that run in parallel do not collide.
final class PortReservation: Sendable {
    static let shared = PortReservation()

    private let state = Mutex<(next: Int, taken: Set<Int>)>((next: 0, taken: []))

    /// Returns a port where nothing listens on 127.0.0.1, nor on port + 10000.
    func reserve() throws(TribError) -> Int {
        // Ports and bus ports stay below Linux's ephemeral range (32768…), where client sockets could take them.
        let range = 12000..<22000
        let start = range.lowerBound + Int(getpid() % 997) * 10
        for attempt in 0..<range.count {
            let port = state.withLock { state -> Int? in
                let candidate = range.lowerBound + (start - range.lowerBound + state.next + attempt) % range.count
                guard !state.taken.contains(candidate) else { return nil }
                return candidate
            }
            guard let port, Self.isFree(port), Self.isFree(port + 10000) else { continue }
            let claimed = state.withLock { state -> Bool in
                guard state.taken.insert(port).inserted else { return false }
                state.next += 1
                return true
            }
            if claimed { return port }
        }
        throw TribError(.launchFailed, "no free loopback port between \(range.lowerBound) and \(range.upperBound)")
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
