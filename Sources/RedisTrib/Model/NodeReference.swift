import RESP

/// A node as a user names it: by address (`HOST:PORT`), or by its node id (40 hex digits) or a
/// prefix of the id at least ``shortestIDPrefix`` digits long, as redis-cli names nodes.
///
/// An address is the node's own; an id is looked up among the nodes of a cluster
/// (``ClusterOperator/node(_:inClusterOf:)``), where it must name exactly one node.
public enum NodeReference: Sendable, Hashable, CustomStringConvertible {
    /// `HOST:PORT`.
    case address(NodeAddress)
    /// A node id or a prefix of one, in lower case.
    case id(String)

    /// The fewest hex digits a prefix of a node id may have: fewer would too often name several nodes.
    public static let shortestIDPrefix = 8
    /// The hex digits of a whole node id.
    public static let idLength = 40

    /// Parses `HOST:PORT`, `[IPV6]:PORT`, a node id or a prefix of one.
    ///
    /// A word without a colon is an id when it is all hex digits, and is not an address anyway
    /// (an address needs its port), so the two cannot be confused.
    /// - Throws: ``TribError`` `.invalidArgument` naming the text and what was expected.
    public init(parsing text: String) throws(TribError) {
        guard !text.contains(":"), !text.isEmpty, text.allSatisfy(\.isHexDigit), text.allSatisfy(\.isASCII) else {
            do {
                self = .address(try NodeAddress(parsing: text))
            } catch {
                let idHint = text.contains(":") ? "" : ", or a node id (\(Self.idDigits) hex digits)"
                throw TribError(.invalidArgument, error.description + idHint)
            }
            return
        }
        guard text.count >= Self.shortestIDPrefix else {
            throw TribError(
                .invalidArgument,
                "'\(text)' is not a node address (HOST:PORT), and too short for a node id: give at least \(Self.shortestIDPrefix) of its hex digits"
            )
        }
        guard text.count <= Self.idLength else {
            throw TribError(.invalidArgument, "'\(text)' is too long for a node id: an id has \(Self.idLength) hex digits")
        }
        self = .id(text.lowercased())
    }

    /// The node of `nodes` this id or prefix names.
    ///
    /// - Parameters:
    ///   - nodes: the nodes of the cluster, as `cluster` lists them.
    ///   - cluster: the node that listed them, named in an error.
    /// - Throws: ``TribError`` `.invalidArgument` when no node has such an id (naming the cluster asked),
    ///   or when several do (naming each), or when this is an address, which names a node only by
    ///   asking it its id.
    public func match(in nodes: [ClusterNode], of cluster: NodeAddress) throws(TribError) -> ClusterNode {
        guard case .id(let prefix) = self else {
            throw TribError(.invalidArgument, "\(self) is an address, not a node id: ask the node its id (CLUSTER MYID)")
        }
        let matches = nodes.filter { $0.id.hasPrefix(prefix) }
        guard let first = matches.first else {
            throw TribError(
                .invalidArgument,
                "no node of the cluster of \(cluster) has an id starting with '\(prefix)' (\(nodes.count) known nodes)",
                node: cluster
            )
        }
        guard matches.count == 1 else {
            let names = matches.map { node in "\(node.id) (\(node.address?.description ?? "no address"))" }
            throw TribError(
                .invalidArgument,
                "the id prefix '\(prefix)' names \(matches.count) nodes of the cluster of \(cluster): "
                    + names.joined(separator: ", ") + "; give more of the id",
                node: cluster
            )
        }
        return first
    }

    /// `HOST:PORT`, or the id as given.
    public var description: String {
        switch self {
        case .address(let address): address.description
        case .id(let id): id
        }
    }

    /// `8 to 40`, the lengths an id may be given with.
    private static var idDigits: String { "\(shortestIDPrefix) to \(idLength)" }
}
