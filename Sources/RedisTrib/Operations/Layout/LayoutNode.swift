import RESP

/// A node as the layout planner sees it: its address, the host it runs on and its availability zone.
public struct LayoutNode: Sendable, Hashable {
    /// The address it was given by (`localhost:7000`).
    public var address: NodeAddress
    /// The host, as the address the node's name resolves to: two names of one machine are one host.
    public var host: String
    /// The availability zone the server reports (Valkey's `availability-zone`); `nil` when it reports none.
    public var zone: String?

    /// Makes a node of a layout.
    public init(address: NodeAddress, host: String, zone: String? = nil) {
        self.address = address
        self.host = host
        self.zone = zone
    }

    /// Whether both are in one zone: both report a zone, and the same one.
    func sharesZone(with other: LayoutNode) -> Bool {
        zone != nil && zone == other.zone
    }
}
