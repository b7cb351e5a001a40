import RESP

/// What `rebalance` is asked to do, beyond the cluster it acts on.
public struct RebalanceOptions: Sendable, Hashable {
    /// Each weight given, by the node it names (address, id or id prefix); masters not named weigh 1.
    /// A weight of 0 empties a master.
    public var weights: [NodeReference: Double]
    /// A master whose amount differs from its share by at most this percentage of the share is within
    /// the threshold; nothing moves while every master is (redis-cli's `--cluster-threshold`, default 2).
    public var thresholdPercent: Double
    /// Whether masters that hold no slot take part (they then receive their share); without it
    /// they are left out, as redis-cli leaves them.
    public var useEmptyMasters: Bool
    /// What is balanced: slot counts, keys or memory.
    public var measure: BalanceMeasure
    /// The most slots one run moves; `nil` for no limit.
    public var maxSlotsMoved: Int?

    /// Options with redis-cli's defaults: every master weighs 1, a 2 % threshold, empty masters
    /// left out, slot counts balanced, no cap.
    public init(
        weights: [NodeReference: Double] = [:],
        thresholdPercent: Double = 2,
        useEmptyMasters: Bool = false,
        measure: BalanceMeasure = .slots,
        maxSlotsMoved: Int? = nil
    ) {
        self.weights = weights
        self.thresholdPercent = thresholdPercent
        self.useEmptyMasters = useEmptyMasters
        self.measure = measure
        self.maxSlotsMoved = maxSlotsMoved
    }
}
