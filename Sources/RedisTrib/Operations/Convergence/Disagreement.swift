import RESP

/// How the nodes of a cluster do not (yet) agree, as
/// ``ClusterAgreement/check(_:requireStateOK:requireOpenSlotsClosed:ignoringMarkersOf:)`` finds it: every difference
/// as data, and a summary of the first few in sentences operators can act on.
public struct Disagreement: Sendable, Hashable, CustomStringConvertible {
    /// A node as a difference names it: its ID, and its address when some view knows it.
    public struct NodeReference: Sendable, Hashable, CustomStringConvertible {
        /// The 40-character node ID.
        public var id: String
        /// Where it listens, when known.
        public var address: NodeAddress?

        /// A reference to node `id` at `address`.
        public init(id: String, address: NodeAddress?) {
            self.id = id
            self.address = address
        }

        /// The ID cut to its first 8 characters and `…`: enough to tell nodes apart in a sentence.
        public var shortID: String {
            id.count > 8 ? String(id.prefix(8)) + "…" : id
        }

        /// `127.0.0.1:7000 (e3f1a2b4…)`, or `node e3f1a2b4…` when the address is not known.
        public var description: String {
            address.map { "\($0) (\(shortID))" } ?? "node \(shortID)"
        }
    }

    /// The role a view gives a node.
    public enum Role: Sendable, Hashable, CustomStringConvertible {
        /// A master.
        case master
        /// A replica of this master.
        case replica(of: NodeReference)
        /// Neither flag is set.
        case none

        /// `a master`, `a replica of 127.0.0.1:7000 (e3f1a2b4…)` or `without a role`.
        public var description: String {
            switch self {
            case .master: "a master"
            case .replica(let master): "a replica of \(master)"
            case .none: "without a role"
            }
        }
    }

    /// Which way an open slot is moving, from the point of view of the node that has it open.
    public enum Direction: String, Sendable, Hashable {
        /// `[slot->-id]`: the node is giving the slot away.
        case migrating
        /// `[slot-<-id]`: the node is receiving the slot.
        case importing
    }

    /// One way in which the views differ.
    public enum Difference: Sendable, Hashable, CustomStringConvertible {
        /// `viewer` reports a `cluster_state` other than `ok`.
        case clusterState(viewer: NodeAddress, state: String)
        /// `viewer` lists `node` in handshake: it has met it but not yet confirmed it as a member.
        case handshake(viewer: NodeAddress, node: NodeReference)
        /// `viewer` does not list `node`, which another view lists.
        case unknownNode(viewer: NodeAddress, node: NodeReference)
        /// `viewer` sees `node` as `role` while `reference` sees it as `referenceRole`.
        case role(viewer: NodeAddress, node: NodeReference, role: Role, reference: NodeAddress, referenceRole: Role)
        /// `viewer` sees `slots` served by `owner` (`nil`: by no node) while `reference` sees them
        /// served by `referenceOwner`.
        case slotOwner(
            viewer: NodeAddress, slots: SlotSet, owner: NodeReference?,
            reference: NodeAddress, referenceOwner: NodeReference?)
        /// `viewer` lists `slots` as open on `node` (itself, normally), moving in `direction` with `peer`.
        case openSlots(
            viewer: NodeAddress, node: NodeReference, slots: SlotSet, direction: Direction, peer: NodeReference)

        /// The node whose view shows the difference.
        public var viewer: NodeAddress {
            switch self {
            case .clusterState(let viewer, _), .handshake(let viewer, _), .unknownNode(let viewer, _),
                .role(let viewer, _, _, _, _), .slotOwner(let viewer, _, _, _, _),
                .openSlots(let viewer, _, _, _, _):
                viewer
            }
        }

        /// The difference in one sentence, naming the nodes.
        public var description: String {
            switch self {
            case .clusterState(let viewer, let state):
                return state.isEmpty
                    ? "\(viewer) reports no cluster_state" : "\(viewer) reports cluster_state:\(state)"
            case .handshake(let viewer, let node):
                return "\(viewer) sees \(node.address.map(String.init(describing:)) ?? node.description) in handshake"
            case .unknownNode(let viewer, let node):
                return "\(viewer) does not know node \(node.shortID)" + (node.address.map { " (\($0))" } ?? "")
            case .role(let viewer, let node, let role, let reference, let referenceRole):
                return "\(viewer) sees \(node) as \(role) while \(reference) sees it as \(referenceRole)"
            case .slotOwner(let viewer, let slots, let owner, let reference, let referenceOwner):
                let (noun, pronoun) = slots.count == 1 ? ("slot", "it") : ("slots", "them")
                return "\(viewer) sees \(noun) \(slots) \(Self.served(by: owner)) while \(reference) sees \(pronoun) "
                    + Self.served(by: referenceOwner)
            case .openSlots(let viewer, let node, let slots, let direction, let peer):
                let noun = slots.count == 1 ? "slot" : "slots"
                let motion = direction == .migrating ? "migrating to \(peer)" : "importing from \(peer)"
                let holder = node.address == viewer ? "\(viewer) still has" : "\(viewer) sees \(node) with"
                return "\(holder) \(noun) \(slots) open, \(motion)"
            }
        }

        private static func served(by owner: NodeReference?) -> String {
            owner.map { "served by \($0)" } ?? "served by no node"
        }
    }

    /// How many differences ``description`` spells out before `and N more`.
    public static let summaryLimit = 3

    /// Every difference found, grouped by kind: states, handshakes, unknown nodes, roles, slot
    /// owners, open slots. Slots that differ the same way are merged into one difference.
    public var differences: [Difference]

    /// A disagreement made of `differences`.
    public init(differences: [Difference]) {
        self.differences = differences
    }

    /// The first `limit` differences joined with `; `, then `and N more` for the rest.
    public func description(limit: Int) -> String {
        let shown = differences.prefix(Swift.max(limit, 1)).map(\.description)
        let hidden = differences.count - shown.count
        return (shown + (hidden > 0 ? ["and \(hidden) more"] : [])).joined(separator: "; ")
    }

    /// The first ``summaryLimit`` differences, then `and N more`.
    public var description: String {
        description(limit: Self.summaryLimit)
    }
}
