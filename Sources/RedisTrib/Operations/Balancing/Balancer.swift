/// Decides how much of the cluster each master should serve: its weight.
///
/// A master's share of the slots is its weight over the sum of the weights, so only ratios matter:
/// weights 1, 2, 1 give a quarter, a half and a quarter. A master with weight 0 is drained of
/// every slot. This is the `balancer` of the Python redis-trib's `join_cluster`, an object with a
/// `weight(node)` method, as a value.
public struct Balancer: Sendable {
    private let weightOfNode: @Sendable (ClusterNode) -> Double

    /// A balancer that weighs each master with `weight`.
    ///
    /// Weights should be finite and at least 0; a weight that is negative, NaN or infinite
    /// counts as 0, so a bad weight drains a master instead of breaking the plan.
    public init(weight: @escaping @Sendable (ClusterNode) -> Double) {
        self.weightOfNode = weight
    }

    /// Every master weighs 1: the slots are split evenly.
    public static let even = Balancer { _ in 1 }

    /// The weight of `node`: what the closure returns, or 0 when that is not a finite number ≥ 0.
    public func weight(of node: ClusterNode) -> Double {
        let weight = weightOfNode(node)
        return weight.isFinite && weight > 0 ? weight : 0
    }
}
