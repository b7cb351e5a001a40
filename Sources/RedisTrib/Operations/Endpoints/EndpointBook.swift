import RESP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host names nodes go by, learned from every `CLUSTER NODES` reply read, so that a node listed
/// as `10.0.0.5:7000` is reached at `node-a.example:7000`: the name its TLS certificate carries, and
/// the address that works where the listed IP is another network's (a container's, a NAT's).
///
/// A name is learned two ways: the name a node announces (`cluster-announce-hostname`, shown as
/// `10.0.0.5:7000@17000,node-a.example`), and the name a node was reached by when it lists itself
/// at an IP (the user gave `node-a.example:7000`): the name is known before the announcement has
/// reached every node's view, and without one.
///
/// A node is still named by its listed address in results and errors; only where the tool
/// connects changes. A name that does not resolve falls back to the listed address.
final class EndpointBook: Sendable {
    private struct Book {
        /// Where to reach the node listed at an address.
        var endpoints: [NodeAddress: NodeAddress] = [:]
        /// The address each node id was reached at by name.
        var reachedByName: [String: NodeAddress] = [:]
    }

    private let book = Mutex(Book())

    /// Notes the host name each node of `topology` announces, and, when `asked` (the node that
    /// replied, as it was reached) is a name, that name for wherever its id is listed at an IP.
    func learn(_ topology: ClusterTopology, askedAt asked: NodeAddress) {
        let byName = !Self.isIPAddress(asked.host)
        book.withLock { book in
            if byName, let me = topology.myself, !me.id.isEmpty {
                book.reachedByName[me.id] = asked
            }
            for node in topology.nodes {
                guard let address = node.address, Self.isIPAddress(address.host) else { continue }
                if let name = node.hostname, !name.isEmpty {
                    book.endpoints[address] = NodeAddress(host: name, port: address.port)
                } else if let named = book.reachedByName[node.id] {
                    book.endpoints[address] = named
                }
            }
        }
    }

    /// Where to connect to reach the node listed at `address`: its name, or `address`.
    func endpoint(of address: NodeAddress) -> NodeAddress {
        book.withLock { $0.endpoints[address] } ?? address
    }

    /// Whether `host` is an IPv4 or IPv6 address rather than a name.
    static func isIPAddress(_ host: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
    }

    /// Opens a connection to the node listed at `address`, by its name when it has one
    /// (by `address` when the name does not resolve).
    ///
    /// The connection's own ``RedisConnection/address`` is where it connected.
    /// - Throws: ``TribError`` `.nodeError` naming the node when it cannot be reached.
    func open(_ address: NodeAddress, options: ConnectionOptions) async throws(TribError) -> RedisConnection {
        let endpoint = endpoint(of: address)
        guard endpoint != address else {
            return try await RedisConnection.open(to: address, options: options)
        }
        do {
            return try await RedisConnection.connect(to: endpoint, options: options)
        } catch let error as RedisError where error.kind == .unresolvableHost {
            return try await RedisConnection.open(to: address, options: options)
        } catch let error as RedisError {
            throw TribError(.nodeError, "\(error.reason) (reached by its name, as \(endpoint))", node: address, underlying: error)
        } catch {
            throw TribError(converting: error, node: address)
        }
    }
}
