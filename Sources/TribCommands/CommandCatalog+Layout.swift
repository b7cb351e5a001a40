import RESP
import RedisTrib

/// The commands that build a cluster with replicas and add nodes to one: `start_multi`/`create`,
/// `add_node`/`add-node` (redis-cli's order, NEW then EXISTING) and `replicate`.
extension CommandCatalog {
    /// The commands, in the order `help` lists them.
    static let layoutCommands: [CommandSignature] = [
        CommandSignature(
            name: "start_multi",
            redisCLIName: "create",
            group: .build,
            summary: "a cluster on several free nodes; with --replicas N, masters and replicas chosen to keep replicas off their master's host",
            parameters: [.init(nodes, "the nodes, in the order that shares the slots (with --replicas, hosts interleaved)")],
            options: [createReplicas, strictAffinity, maxSlots],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let nodes = try arguments[Self.nodes]
            guard let replicas = arguments[Self.createReplicas] else {
                if arguments[Self.strictAffinity] {
                    throw TribError(.usage, "--strict-affinity needs --replicas N: without it every node is a master")
                }
                try await trib.startMulti(nodes, maxSlots: arguments[Self.maxSlots])
                return .done(startMultiText(nodeCount: nodes.count))
            }
            return .layout(
                try await trib.create(nodes, replicas: replicas, strictAffinity: arguments[Self.strictAffinity], maxSlots: arguments[Self.maxSlots])
            )
        },
        CommandSignature(
            name: "add_node",
            redisCLIName: "add-node",
            group: .build,
            summary: "redis-cli's add-node: a free node joins with no slots, or with --replica as a replica (of --master-id, else of a chosen master)",
            parameters: [
                .init(newNode, "the free node that joins"),
                .init(existingNode, "any node of the cluster", anyClusterNode: true),
            ],
            options: [addAsReplica, masterID],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let newNode = try arguments[Self.newNode]
            let cluster = try arguments[Self.existingNode]
            if let id = arguments[Self.masterID] {
                let master = try await trib.replicate(cluster: cluster, masterID: id, replica: newNode)
                return .done(replicateText(master: master, replica: newNode))
            }
            guard arguments[Self.addAsReplica] else {
                try await trib.joinNoLoad(cluster: cluster, newNode: newNode)
                return .done(joinNoLoadText(newNode))
            }
            let master = try await trib.replicate(cluster: cluster, replica: newNode)
            return .done(replicateChosenText(master: master, replica: newNode))
        },
        CommandSignature(
            name: "replicate",
            group: .build,
            summary: "a free node joins as a replica of MASTER (of its master, if MASTER is a replica); with --any-master, of a master chosen",
            parameters: [
                .init(master, "the master to replicate; with --any-master, any node of the cluster", optionName: "--master-addr"),
                .init(replica, "the free node that becomes its replica", optionName: "--slave-addr"),
            ],
            options: [anyMaster],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let master = try arguments[Self.master]
            let replica = try arguments[Self.replica]
            guard arguments[Self.anyMaster] else {
                try await trib.replicate(master: master, replica: replica)
                return .done(replicateText(master: master, replica: replica))
            }
            let chosen = try await trib.replicate(cluster: master, replica: replica)
            return .done(replicateChosenText(master: chosen, replica: replica))
        },
    ]

    // MARK: Parameters

    /// `EXISTING_NODE`: any node of the cluster `add_node` adds to, after the new node as in redis-cli.
    public static let existingNode = ParameterKey.address("EXISTING_NODE")

    // MARK: Options

    /// `--replicas N`: replicas per master of `create`.
    public static let createReplicas = CommandOption.integer(
        "--replicas", aliases: ["--cluster-replicas"], in: OptionLimits.createReplicas, placeholder: "N",
        "N replicas per master: nodes/(N+1) masters, chosen across hosts, each replica on another host than its master", .readByCommand
    )
    /// `--strict-affinity`: `create` refuses a layout with a replica on its master's host.
    public static let strictAffinity = CommandOption.flag(
        "--strict-affinity", "refuse, before any change, a layout that puts a replica on its master's host (a warning otherwise)",
        .readByCommand
    )
    /// `--any-master`: `replicate` chooses the master.
    public static let anyMaster = CommandOption.flag(
        "--any-master", "MASTER is any node of the cluster: replicate the master on another host with the fewest replicas", .readByCommand
    )
    /// `--replica`: `add_node` adds the node as a replica.
    public static let addAsReplica = CommandOption.flag(
        "--replica", aliases: ["--cluster-slave", "--cluster-replica"],
        "join as a replica: of --master-id, else of the master on another host with the fewest replicas", .readByCommand
    )
    /// `--master-id ID`: the master `add_node` gives the replica (implies `--replica`).
    public static let masterID = CommandOption.text(
        "--master-id", aliases: ["--cluster-master-id", "--cluster-primary-id"], placeholder: "ID",
        "the id (or a unique prefix, 8+ hex digits) of the master to replicate; implies --replica",
        .readByCommand
    )
}
