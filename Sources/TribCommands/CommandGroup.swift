/// The jobs `help` sorts the commands into.
public enum CommandGroup: String, Sendable, CaseIterable {
    /// Making a cluster and adding nodes to it.
    case build
    /// Moving slots between masters.
    case reshape
    /// Taking nodes out and repairing what is broken.
    case shrinkAndRepair
    /// Reading the cluster.
    case inspect
    /// Running commands and settings on every node, and keys in and out of the cluster.
    case operate
    /// Local clusters to try redis-trib on.
    case sandbox

    /// The title `help` gives the group.
    public var title: String {
        switch self {
        case .build: "COMMANDS TO BUILD AND GROW"
        case .reshape: "COMMANDS TO MOVE SLOTS"
        case .shrinkAndRepair: "COMMANDS TO SHRINK AND REPAIR"
        case .inspect: "COMMANDS TO INSPECT"
        case .operate: "COMMANDS TO OPERATE"
        case .sandbox: "COMMANDS TO TRY IT OUT"
        }
    }
}
