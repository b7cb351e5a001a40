import RESP

/// What `rebalance` or `reshard` decided and did: which slots go from which master to which, each
/// master's share before and after, and, once carried out, what moved.
public struct SlotPlan: Sendable, Hashable {
    /// The operation that made the plan.
    public enum Operation: String, Sendable, Hashable {
        /// `rebalance`: every master towards its weighted share.
        case rebalance
        /// `reshard`: a number of slots from sources to one destination.
        case reshard
    }

    /// The slots one master gives another.
    public struct Move: Sendable, Hashable {
        /// The master giving the slots.
        public var sourceID: String
        /// Where it listens.
        public var source: NodeAddress?
        /// The master receiving them.
        public var destinationID: String
        /// Where it listens.
        public var destination: NodeAddress?
        /// The slots.
        public var slots: SlotSet
        /// What the slots hold in the plan's measure (keys or estimated bytes); their count for slots.
        public var amount: Int

        /// A move of `slots` holding `amount`.
        public init(sourceID: String, source: NodeAddress?, destinationID: String, destination: NodeAddress?, slots: SlotSet, amount: Int) {
            self.sourceID = sourceID
            self.source = source
            self.destinationID = destinationID
            self.destination = destination
            self.slots = slots
            self.amount = amount
        }
    }

    /// One master taking part, before and after the plan.
    public struct Master: Sendable, Hashable {
        /// Its node ID.
        public var id: String
        /// Where it listens.
        public var address: NodeAddress?
        /// Its weight (1 unless given).
        public var weight: Double
        /// Slots it held when the plan was made.
        public var slotsBefore: Int
        /// Slots it holds once the plan is carried out.
        public var slotsAfter: Int
        /// What its slots held before, in the plan's measure.
        public var amountBefore: Int
        /// What they hold after.
        public var amountAfter: Int
        /// Its weighted share of the total, in the plan's measure (`nil` for `reshard`, which has no shares).
        public var share: Double?
        /// Whether it was within the threshold of its share, and so left as it was.
        public var withinThreshold: Bool
        /// After the run: the master it replicates, when the cluster made it a replica (it gave its
        /// last slot and `cluster-allow-replica-migration` is `yes`).
        public var replicaOf: NodeAddress?

        /// A master of a plan.
        public init(
            id: String, address: NodeAddress?, weight: Double, slotsBefore: Int, slotsAfter: Int, amountBefore: Int, amountAfter: Int,
            share: Double?, withinThreshold: Bool, replicaOf: NodeAddress? = nil
        ) {
            self.id = id
            self.address = address
            self.weight = weight
            self.slotsBefore = slotsBefore
            self.slotsAfter = slotsAfter
            self.amountBefore = amountBefore
            self.amountAfter = amountAfter
            self.share = share
            self.withinThreshold = withinThreshold
            self.replicaOf = replicaOf
        }
    }

    /// `rebalance` or `reshard`.
    public var operation: Operation
    /// What was balanced (always ``BalanceMeasure/slots`` for `reshard`).
    public var measure: BalanceMeasure
    /// The threshold of a rebalance, in percent; `nil` for `reshard`.
    public var thresholdPercent: Double?
    /// The masters taking part, in the order the cluster lists them.
    public var masters: [Master]
    /// The moves, in the order they were planned.
    public var moves: [Move]
    /// Whether the moves were made: `false` for a dry run, or a plan with nothing to move.
    public var applied: Bool
    /// What the migration engine moved, once applied.
    public var summary: MigrationSummary?
    /// Sentences about the plan: masters left out, a cap that cut it short, why nothing moves.
    public var notes: [String]

    /// A plan.
    public init(
        operation: Operation, measure: BalanceMeasure, thresholdPercent: Double?, masters: [Master], moves: [Move], applied: Bool = false,
        summary: MigrationSummary? = nil, notes: [String] = []
    ) {
        self.operation = operation
        self.measure = measure
        self.thresholdPercent = thresholdPercent
        self.masters = masters
        self.moves = moves
        self.applied = applied
        self.summary = summary
        self.notes = notes
    }

    /// The slots the plan moves.
    public var slotCount: Int { moves.reduce(0) { $0 + $1.slots.count } }

    /// Whether nothing moves.
    public var isEmpty: Bool { moves.isEmpty }

    /// A percentage as a plan prints it: at most two digits after the point, no trailing zeros (`2`, `0.5`).
    public static func percentText(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = "\(rounded)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
