import RESP
import Synchronization

/// The host names nodes announce (`cluster-announce-hostname`), learned from every `CLUSTER NODES`
/// reply read, so that a node listed as `10.0.0.5:7000, node-a.example` is reached at
/// `node-a.example:7000`: the name its TLS certificate carries, and the address that works where
/// the listed IP is another network's (a container's, a NAT's).
///
/// A node is still named by its listed address in results and errors; only where the tool
/// connects changes. A name that does not resolve falls back to the listed address.
final class EndpointBook: Sendable {
    private let hostnames = Mutex<[NodeAddress: String]>([:])

    /// Notes the host name each node of `topology` announces (and forgets one no longer announced).
    func learn(_ topology: ClusterTopology) {
        hostnames.withLock { book in
            for node in topology.nodes {
                guard let address = node.address else { continue }
                if let name = node.hostname, !name.isEmpty, name != address.host {
                    book[address] = name
                } else {
                    book[address] = nil
                }
            }
        }
    }

    /// Where to connect to reach the node listed at `address`: its announced name, or `address`.
    func endpoint(of address: NodeAddress) -> NodeAddress {
        guard let name = hostnames.withLock({ $0[address] }) else { return address }
        return NodeAddress(host: name, port: address.port)
    }

    /// Opens a connection to the node listed at `address`, by its announced name when it has one
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
            throw TribError(.nodeError, "\(error.reason) (reached as \(endpoint), the host name it announces)", node: address, underlying: error)
        } catch {
            throw TribError(converting: error, node: address)
        }
    }
}
