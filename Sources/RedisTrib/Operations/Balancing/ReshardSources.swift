import RESP

/// The masters `reshard` takes slots from.
public enum ReshardSources: Sendable, Hashable {
    /// Every master that holds slots, but the destination.
    case all
    /// These masters, by address, id or id prefix.
    case nodes([NodeReference])

    /// Parses `all`, or nodes separated by commas (`127.0.0.1:7000,1a2b3c4d`).
    ///
    /// - Throws: ``TribError`` `.invalidArgument` naming the word that is not a node.
    public init(parsing text: String) throws(TribError) {
        if text.lowercased() == "all" {
            self = .all
            return
        }
        var nodes: [NodeReference] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            do {
                nodes.append(try NodeReference(parsing: String(word)))
            } catch {
                throw TribError(.invalidArgument, "--from '\(word)': \(error.message); expected all, or nodes separated by commas")
            }
        }
        self = .nodes(nodes)
    }
}
