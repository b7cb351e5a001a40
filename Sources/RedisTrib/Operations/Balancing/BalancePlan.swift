/// Turns masters and a ``Balancer`` into the slot moves that balance them: the `balance_plan` of
/// the Python redis-trib's `join_cluster`, as a value.
///
/// ```swift
/// let moves = BalancePlan.evenSplit.moves(for: topology.masters, balancer: .even)
/// ```
/// Replicas and nodes without a role are left out before the plan runs, and a master listed twice
/// counts once, so a plan only ever sees distinct masters.
public struct BalancePlan: Sendable {
    private let makeMoves: @Sendable (_ masters: [ClusterNode], _ balancer: Balancer) -> [BalanceMove]

    /// A plan computed by `makeMoves` from the distinct masters, in the order given, and the balancer.
    ///
    /// ``targets(for:balancer:)`` and ``moves(toReach:from:)`` are the two halves of
    /// ``evenSplit``, for plans that change only one of them.
    public init(_ makeMoves: @escaping @Sendable (_ masters: [ClusterNode], _ balancer: Balancer) -> [BalanceMove]) {
        self.makeMoves = makeMoves
    }

    /// The default plan: each master's target is its weight's share of the slots the masters hold
    /// together (see ``targets(for:balancer:)``), reached with as few moves as the greedy pairing of
    /// ``moves(toReach:from:)`` finds.
    ///
    /// When no master has a positive weight there is nowhere to put the slots, and the plan is empty.
    public static let evenSplit = BalancePlan { masters, balancer in
        moves(toReach: targets(for: masters, balancer: balancer), from: masters)
    }

    /// The moves that balance the masters among `nodes` with `balancer`.
    ///
    /// Moves of fewer than one slot, or from a master to itself, are dropped, whatever the plan returns.
    public func moves(for nodes: [ClusterNode], balancer: Balancer = .even) -> [BalanceMove] {
        makeMoves(Self.distinctMasters(nodes), balancer).filter { move in
            move.slotCount > 0 && move.sourceID != move.destinationID
        }
    }

    /// The masters among `nodes`, each ID once (its first appearance), in the order given.
    static func distinctMasters(_ nodes: [ClusterNode]) -> [ClusterNode] {
        var seen: Set<String> = []
        return nodes.filter { $0.isMaster && seen.insert($0.id).inserted }
    }
}
