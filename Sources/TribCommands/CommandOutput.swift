import RESP
import RedisTrib

/// What a command returns, for a renderer to print as text, a table or JSON, and for the shell to keep as a value.
public enum CommandOutput: Sendable {
    /// Done; nothing to show.
    case done(String)
    /// Nodes of a cluster, and the node that was asked.
    case nodes([ClusterNode], myself: ClusterNode)
    /// Each node's reply to `execute`.
    case replies([NodeReply])
}
