import RESP
import RedisTrib

/// One node's answer to `execute`: the reply as a value, or the error.
public struct ReplyValue: Sendable, Hashable {
    /// The node that answered.
    public var node: NodeValue
    /// The reply (`nil` when the node failed).
    public var value: Value
    /// Why the node gave no reply, when it failed.
    public var error: String?

    /// Makes a reply value from a ``NodeReply`` to `command` (its words: `INFO`, `CONFIG GET` and the
    /// other structured replies become maps, as ``Value/init(reply:to:)`` makes them); `cluster` is
    /// every node that was asked.
    public init(_ reply: NodeReply, to command: [String] = [], cluster: [ClusterNode]) {
        node = NodeValue(reply.node, cluster: cluster)
        switch reply.result {
        case .success(let resp):
            if resp.isError {
                value = .nilValue
                error = resp.string ?? "error"
            } else {
                value = Value(reply: resp, to: command)
                error = nil
            }
        case .failure(let failure):
            value = .nilValue
            error = failure.description
        }
    }
}
