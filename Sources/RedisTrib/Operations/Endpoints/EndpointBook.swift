import RESP
import Synchronization

/// The host names nodes go by, learned from every `CLUSTER NODES` reply read, so that a node
/// listed at an IP is reached, and its TLS certificate checked, under its name.
///
/// Two kinds of name are learned:
/// - the name a node announces (`cluster-announce-hostname`, shown as
///   `10.0.0.5:7000@17000,node-a.example`), its own by the cluster's word: the node is reached at
///   that name, which works where the listed IP is another network's (a container's, a NAT's);
/// - the name a node was reached by when the user gave it by name (`node-a.example:7000`), matched
///   by the id it answered with wherever the cluster lists that id at an IP: the node is still
///   reached at the IP (a name the user gives may lead to any of several nodes: a load balancer's,
///   a round-robin DNS name), and only its TLS certificate is checked for the name.
///
/// A node is still named by its listed address in results and errors.
final class EndpointBook: Sendable {
    private struct Book {
        /// The announced name of the node listed at an address.
        var announced: [NodeAddress: String] = [:]
        /// The name the node listed at an address was reached by (its certificate's name).
        var reachedAs: [NodeAddress: String] = [:]
        /// The name each node id was reached by.
        var namesByID: [String: String] = [:]
    }

    private let book = Mutex(Book())

    /// Notes the host name each node of `topology` announces, and, when `asked` (the node that
    /// replied, as it was reached) is a name, that name for wherever its id is listed at an IP.
    func learn(_ topology: ClusterTopology, askedAt asked: NodeAddress) {
        book.withLock { book in
            if !asked.hasIPHost, let me = topology.myself, !me.id.isEmpty {
                book.namesByID[me.id] = asked.host
            }
            for node in topology.nodes {
                guard let address = node.address, address.hasIPHost else { continue }
                if let name = node.hostname, !name.isEmpty {
                    book.announced[address] = name
                }
                if let name = book.namesByID[node.id] {
                    book.reachedAs[address] = name
                }
            }
        }
    }

    /// Where to connect to reach the node listed at `address`, and the options to connect with:
    /// its announced name, else `address` with the TLS certificate checked for the name it was
    /// reached by, else `address` and `options` as they are.
    func target(of address: NodeAddress, options: ConnectionOptions) -> (address: NodeAddress, options: ConnectionOptions) {
        let (announced, reachedAs) = book.withLock { ($0.announced[address], $0.reachedAs[address]) }
        if let announced {
            return (NodeAddress(host: announced, port: address.port), options)
        }
        guard let reachedAs, let tls = options.tls else { return (address, options) }
        var verified = options
        verified.tls = tls.verifying(name: reachedAs)
        return (address, verified)
    }

    /// ``target(of:options:)``, falling back to `address` when an announced name does not resolve
    /// here: for a connection opened by other means than ``open(_:options:)``.
    func resolvableTarget(of address: NodeAddress, options: ConnectionOptions) -> (address: NodeAddress, options: ConnectionOptions) {
        let target = target(of: address, options: options)
        guard target.address != address, (try? HostResolver.ipAddress(of: target.address)) == nil else { return target }
        return (address, options)
    }

    /// Opens a connection to the node listed at `address`, as ``target(of:options:)`` says (at
    /// `address` when an announced name does not resolve, or refuses the connection).
    ///
    /// The connection's own ``RedisConnection/address`` is where it connected.
    /// - Throws: ``TribError`` `.nodeError` naming the node when it cannot be reached.
    func open(_ address: NodeAddress, options: ConnectionOptions) async throws(TribError) -> RedisConnection {
        let target = target(of: address, options: options)
        guard target.address != address else {
            return try await RedisConnection.open(to: address, options: target.options)
        }
        do {
            return try await RedisConnection.connect(to: target.address, options: target.options)
        } catch let error as RedisError where error.kind == .unresolvableHost || error.kind == .connectionRefused {
            // The name may be another network's (split DNS): the listed IP, as before names were used. Not after a
            // timeout, which would double the wait for a dead node, nor after a TLS failure, which is the node's answer.
            return try await RedisConnection.open(to: address, options: options)
        } catch let error as RedisError {
            throw TribError(.nodeError, "\(error.reason) (reached by the name it announces, as \(target.address))", node: address, underlying: error)
        } catch {
            throw TribError(converting: error, node: address)
        }
    }
}
