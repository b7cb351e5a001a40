import RESP
import RedisTrib

/// Node ids among the arguments: a parameter that names a node takes `HOST:PORT` or a node id (or
/// a unique prefix of one), and an id is looked up in the cluster before the command runs, so that
/// the command reads the node's address as if it had been given. (A
/// ``CommandSignature/Parameter/Kind/nodeID`` parameter keeps its id or prefix as given: its
/// command matches it itself.)
extension CommandArguments {
    /// One word given for a parameter that names nodes.
    struct NodeWord: Sendable {
        let parameter: CommandSignature.Parameter
        let reference: NodeReference
        let wordIndex: Int
    }

    /// Sets the value of every parameter whose nodes are all given by address, and notes where ids
    /// are to be looked up; the parameters with an id keep their words for ``resolvingNodeIDs(with:)``.
    mutating func settleNodeWords(of signature: CommandSignature) {
        for parameter in signature.parameters where parameter.namesNode {
            guard let words = nodeWords[parameter.name] else { continue }
            let addresses = words.compactMap { word -> NodeAddress? in
                if case .address(let address) = word.reference { return address }
                return nil
            }
            if parameter.isAnyClusterNode, clusterNode == nil {
                clusterNode = addresses.first
            } else if otherNode == nil {
                otherNode = addresses.first
            }
            guard addresses.count == words.count else { continue }
            values[parameter.name] = parameter.kind == .addresses ? addresses : addresses[0]
            nodeWords[parameter.name] = nil
        }
    }

    /// Whether some node is given by id, so that running the command looks it up first.
    public var hasNodeIDs: Bool { !nodeWords.isEmpty }

    /// These arguments with every node id looked up in the cluster: the command's cluster node
    /// when it is given by address, else the default cluster (``defaultCluster``), else the first
    /// other node given by address. Reads only; with no id given, returns the arguments as they are.
    ///
    /// - Throws: ``TribError`` `.usage` when an id is given but no cluster to look it up in, and the
    ///   errors of ``ClusterOperator/node(_:inClusterOf:)`` (an unknown id, an ambiguous prefix),
    ///   each naming the parameter, with the index of its word.
    public func resolvingNodeIDs(with trib: ClusterOperator) async throws(TribError) -> CommandArguments {
        guard hasNodeIDs else { return self }
        var resolved = self
        let cluster = clusterNode ?? defaultCluster ?? otherNode
        // In the order given, so that the first bad id is the one reported.
        for (name, words) in nodeWords.sorted(by: { $0.value[0].wordIndex < $1.value[0].wordIndex }) {
            var addresses: [NodeAddress] = []
            for word in words {
                let prefix: String
                switch word.reference {
                case .address(let address):
                    addresses.append(address)
                    continue
                case .id(let id):
                    prefix = id
                }
                guard let cluster else {
                    throw TribError(
                        .usage,
                        "\(name): '\(prefix)' is a node id, and an id needs a cluster to look it up in: give a node of the cluster "
                            + "as HOST:PORT (in a script or the shell, `connect HOST:PORT` first)",
                        wordIndex: word.wordIndex
                    )
                }
                let node: ClusterNode
                do {
                    node = try await trib.node(word.reference, inClusterOf: cluster)
                } catch {
                    var named = error
                    named.message = "\(name): \(error.message)"
                    named.wordIndex = word.wordIndex
                    throw named
                }
                guard let address = node.address else {
                    throw TribError(
                        .preconditionFailed,
                        "\(name): the node \(node.id) has no known address in the cluster of \(cluster)",
                        node: cluster,
                        wordIndex: word.wordIndex
                    )
                }
                addresses.append(address)
            }
            resolved.values[name] = words[0].parameter.kind == .addresses ? addresses : addresses[0]
        }
        resolved.nodeWords = [:]
        return resolved
    }
}
