import RESP
import RedisTrib

/// Every redis-trib command, as one declarative table.
public enum CommandCatalog {
    /// The commands, in the order `help` lists them.
    public static let commands: [CommandSignature] = layoutCommands + baseCommands + reshapeCommands + archiveCommands
    /// The commands declared here; the others come from the extensions of their area.
    static let baseCommands: [CommandSignature] = [
        CommandSignature(
            name: "start",
            group: .build,
            summary: "one free node takes all 16384 slots",
            parameters: [.init(node, "the cluster-enabled node, in no cluster and empty")],
            options: [maxSlots],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments[Self.node]
            try await trib.start(node, maxSlots: arguments[Self.maxSlots])
            return .done(startText(node))
        },
        CommandSignature(
            name: "join",
            group: .build,
            summary: "a free node joins as a master and slots are balanced to it",
            parameters: [
                .init(clusterNode, "any node of the cluster", anyClusterNode: true),
                .init(newNode, "the free node that joins"),
            ],
            options: [replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let newNode = try arguments[Self.newNode]
            let summary = try await trib.join(cluster: try arguments[Self.clusterNode], newNode: newNode)
            return .done(joinText(newNode, summary))
        },
        CommandSignature(
            name: "join_no_load",
            group: .build,
            summary: "a free node joins with no slots and no role",
            parameters: [
                .init(clusterNode, "any node of the cluster", optionName: "--existing-addr", anyClusterNode: true),
                .init(newNode, "the free node that joins", optionName: "--new-addr"),
            ],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let newNode = try arguments[Self.newNode]
            try await trib.joinNoLoad(cluster: try arguments[Self.clusterNode], newNode: newNode)
            return .done(joinNoLoadText(newNode))
        },
        CommandSignature(
            name: "quit",
            group: .shrinkAndRepair,
            summary: "a node leaves its cluster; a master's slots move to the other masters first",
            parameters: [.init(node, "the node that leaves", optionName: "--addr")],
            options: [replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments[Self.node]
            let summary = try await trib.quit(node)
            return .done(quitText(node, summary))
        },
        CommandSignature(
            name: "forget",
            group: .shrinkAndRepair,
            summary: "every live node forgets a node that is gone for good (no slots, no replicas), as redis-cli's del-node for a dead node",
            parameters: [
                .init(clusterNode, "any live node of the cluster", anyClusterNode: true),
                .init(nodeID, "the id of the node to forget, or a unique prefix of it (8+ hex digits)"),
            ],
            options: [forceForget],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let cluster = try arguments[Self.clusterNode]
            return .done(forgetText(try await trib.forget(cluster: cluster, nodeID: try arguments[Self.nodeID]), in: cluster))
        },
        CommandSignature(
            name: "del_node",
            redisCLIName: "del-node",
            group: .shrinkAndRepair,
            summary: "redis-cli's del-node: the node NODE_ID leaves; it quits if it answers (a master's slots move first), else it is forgotten",
            parameters: [
                .init(clusterNode, "any node of the cluster", anyClusterNode: true),
                .init(nodeID, "the id of the node that leaves, or a unique prefix of it (8+ hex digits)"),
            ],
            options: [replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let cluster = try arguments[Self.clusterNode]
            return .done(deleteNodeText(try await trib.deleteNode(cluster: cluster, nodeID: try arguments[Self.nodeID]), in: cluster))
        },
        CommandSignature(
            name: "shutdown",
            group: .shrinkAndRepair,
            summary: "dissolve a cluster that has one node left and no keys",
            parameters: [.init(node, "the last node of the cluster", optionName: "--addr")],
            options: [ignoreFailed],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments[Self.node]
            try await trib.shutdown(node, ignoreFailed: arguments[Self.ignoreFailed])
            return .done(shutdownText(node))
        },
        CommandSignature(
            name: "fix",
            group: .shrinkAndRepair,
            summary: "repair what check reports: open slots, slots with no owner or several, stray keys, stale replica markers",
            parameters: [.init(node, "any node of the cluster", optionName: "--addr", anyClusterNode: true)],
            options: [replace, takeUnreachableSlots, searchMultipleOwners] + keyMoveOptions,
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            .fix(try await trib.fix(try arguments[Self.node], takeUnreachableSlots: arguments[Self.takeUnreachableSlots]))
        },
        CommandSignature(
            name: "migrate_slots",
            aliases: ["migrate"],
            group: .reshape,
            summary: "move slots, keys included, from SRC to DST",
            parameters: [
                .init(source, "the master that holds the slots", optionName: "--src-addr"),
                .init(target, "the master that receives them", optionName: "--dst-addr"),
                .init(slots, "slots (5) and inclusive ranges (4-7), 0…16383"),
            ],
            options: [replace, force] + slotMoveOptions,
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let slots = try arguments[Self.slots]
            let source = try arguments[Self.source]
            let target = try arguments[Self.target]
            return .done(movedSlotsText(try await trib.migrateSlots(from: source, to: target, slots: slots), from: source, to: target))
        },
        CommandSignature(
            name: "rescue",
            group: .shrinkAndRepair,
            summary: "a free node takes every slot no live master serves",
            parameters: [
                .init(clusterNode, "any live node of the cluster", optionName: "--existing-addr", anyClusterNode: true),
                .init(freeNode, "the free node that takes the slots", optionName: "--new-addr"),
            ],
            options: [maxSlots, force],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let freeNode = try arguments[Self.freeNode]
            try await trib.rescue(cluster: try arguments[Self.clusterNode], freeNode: freeNode, maxSlots: arguments[Self.maxSlots])
            return .done(rescueText(freeNode))
        },
        CommandSignature(
            name: "list",
            aliases: ["nodes"],
            group: .inspect,
            summary: "the nodes of the cluster: role, address, id, slots, replicas, failure flags",
            parameters: [.init(clusterNode, "any node of the cluster", anyClusterNode: true)],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            let (nodes, myself) = try await trib.listNodes(try arguments[Self.clusterNode])
            return .nodes(nodes, myself: myself)
        },
        CommandSignature(
            name: "masters",
            group: .inspect,
            summary: "the masters of the cluster",
            parameters: [.init(clusterNode, "any node of the cluster", anyClusterNode: true)],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            let (masters, myself) = try await trib.listMasters(try arguments[Self.clusterNode])
            return .nodes(masters, myself: myself)
        },
        CommandSignature(
            name: "check",
            group: .inspect,
            summary: "read every node and report what is wrong: slot owners, coverage, open slots, failed nodes, replicas",
            parameters: [.init(node, "any node of the cluster", anyClusterNode: true)],
            options: [searchMultipleOwners],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            .check(try await trib.check(try arguments[Self.node]))
        },
        CommandSignature(
            name: "info",
            group: .inspect,
            summary: "each master's keys, slots, replicas and memory, and the totals; --map draws the slots and their keys",
            parameters: [.init(node, "any node of the cluster", anyClusterNode: true)],
            options: [slotMap],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            .info(try await trib.info(try arguments[Self.node], slotKeys: arguments[Self.slotMap]))
        },
        CommandSignature(
            name: "execute",
            redisCLIName: "call",
            group: .operate,
            summary: "run a command on every node of the cluster, in parallel",
            parameters: [
                .init(clusterNode, "any node of the cluster", anyClusterNode: true),
                .init(command, "the command and its arguments"),
            ],
            options: [nodeSelection],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let replies = try await trib.execute(
                cluster: try arguments[Self.clusterNode],
                on: arguments[Self.nodeSelection] ?? .all,
                command: RedisCommand(try arguments[Self.command])
            )
            return .replies(replies)
        },
        CommandSignature(
            name: "sandbox",
            group: .sandbox,
            summary: "start, list or stop a local cluster to try redis-trib on (in ~/.redis-trib/sandbox)",
            parameters: [
                .init(sandboxAction, "start, status or stop"),
                .init(sandboxNodeCount, "how many nodes to start (default 6)", optional: true),
            ],
            options: [sandboxReplicas, sandboxServer],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            try await Sandbox().run(arguments, on: trib)
        },
    ]

    /// The command with this name or alias.
    public static func command(named name: String) -> CommandSignature? {
        commands.first { $0.names.contains(name) }
    }

    /// Every name and alias.
    public static var allNames: [String] {
        commands.flatMap(\.names)
    }

    // MARK: Parameters

    /// `NODE`: the one node a command acts on.
    public static let node = ParameterKey.address("NODE")
    /// `NODE…`: the nodes `start_multi` makes a cluster of.
    public static let nodes = ParameterKey.addresses("NODE")
    /// `CLUSTER_NODE`: any node of the cluster.
    public static let clusterNode = ParameterKey.address("CLUSTER_NODE")
    /// `NEW_NODE`: the free node that joins.
    public static let newNode = ParameterKey.address("NEW_NODE")
    /// `FREE_NODE`: the free node `rescue` gives the unserved slots to.
    public static let freeNode = ParameterKey.address("FREE_NODE")
    /// `MASTER`: the master `replicate` gives a replica.
    public static let master = ParameterKey.address("MASTER")
    /// `REPLICA`: the free node that becomes a replica.
    public static let replica = ParameterKey.address("REPLICA")
    /// `NODE_ID`: the node `forget` removes, by id, since it may not answer.
    public static let nodeID = ParameterKey.nodeID("NODE_ID")
    /// `SRC`: the master slots move from.
    public static let source = ParameterKey.address("SRC")
    /// `DST`: the master slots move to.
    public static let target = ParameterKey.address("DST")
    /// `SLOT…`: the slots to move.
    public static let slots = ParameterKey.slots("SLOT")
    /// `COMMAND…`: the command `execute` runs on every node.
    public static let command = ParameterKey.words("COMMAND")
    /// `ACTION`: what `sandbox` does.
    public static let sandboxAction = ParameterKey.choice("ACTION", ["start", "status", "stop"])
    /// `N`: how many nodes `sandbox start` starts.
    public static let sandboxNodeCount = ParameterKey.integer("N", in: OptionLimits.sandboxNodes)

    // MARK: Options

    /// `--max-slots N`: slots per `CLUSTER ADDSLOTS`, passed to the operation by the command.
    public static let maxSlots = CommandOption.integer(
        "--max-slots", in: OptionLimits.maxSlots, placeholder: "N", "at most N slots per CLUSTER ADDSLOTS call", .readByCommand
    )
    /// `--replace`: ``OperationOptions/replaceBusyKeys``.
    public static let replace = CommandOption.flag(
        "--replace", aliases: ["--cluster-replace"], "overwrite keys that exist on the target with different values", .into(\.replaceBusyKeys)
    )
    /// `--force`: ``OperationOptions/force``.
    public static let force = CommandOption.flag("--force", "go on although other slots are migrating or importing", .into(\.force))
    /// `--force` of `forget`: ``OperationOptions/force``, which there also forgets a node that still answers.
    public static let forceForget = CommandOption.flag(
        "--force", "forget the node although it still answers, or although slots are migrating", .into(\.force)
    )
    /// `--keys-per-batch N`: ``OperationOptions/keysPerBatch``.
    public static let keysPerBatch = CommandOption.integer(
        "--keys-per-batch", aliases: ["--cluster-pipeline"], in: OptionLimits.keysPerBatch, placeholder: "N", "move at most N keys per MIGRATE (default 1000)",
        .into(\.keysPerBatch)
    )
    /// `--batch-bytes BYTES`: ``OperationOptions/bytesPerBatch``.
    public static let batchBytes = CommandOption.integer(
        "--batch-bytes", in: OptionLimits.batchBytes, placeholder: "BYTES",
        "move at most BYTES per MIGRATE, as MEMORY USAGE estimates them (default 16777216); a bigger key moves alone",
        .into(\.bytesPerBatch)
    )
    /// `--migrate-timeout MS`: ``OperationOptions/migrateTimeoutMilliseconds``.
    public static let migrateTimeout = CommandOption.integer(
        "--migrate-timeout", aliases: ["--cluster-timeout"], in: OptionLimits.migrateTimeoutMilliseconds, placeholder: "MS",
        "the timeout MIGRATE is given (default 60000); a batch that times out is split, down to single keys",
        .into(\.migrateTimeoutMilliseconds)
    )
    /// `--parallel N`: ``OperationOptions/parallelMoves``.
    public static let parallel = CommandOption.integer(
        "--parallel", in: OptionLimits.parallelMoves, placeholder: "N", "move slots between up to N pairs of masters at once (default 4)",
        .into(\.parallelMoves)
    )
    /// `--atomic` or `--no-atomic`, not both: ``OperationOptions/atomic``.
    public static let atomicMode = CommandOption<AtomicMode>.oneOf(
        [
            ("--atomic", [], .always, "only atomic slot migration (Valkey 9 CLUSTER MIGRATESLOTS); fail where the server lacks or refuses it"),
            ("--no-atomic", [], .never, "move keys with MIGRATE, even where atomic slot migration exists"),
        ],
        .into(\.atomic)
    )
    /// `--atomic-timeout SECONDS`: ``OperationOptions/atomicTimeout``.
    public static let atomicTimeout = CommandOption.integer(
        "--atomic-timeout", in: OptionLimits.atomicTimeoutSeconds, placeholder: "SECONDS",
        "cancel an atomic slot migration that takes longer (default 3600)",
        .setting { options, seconds in options.atomicTimeout = Double(seconds) }
    )
    /// `--ignore-failed`: read by `shutdown`.
    public static let ignoreFailed = CommandOption.flag("--ignore-failed", "ignore other nodes that are failing", .readByCommand)
    /// `--take-unreachable-slots`: read by `fix`.
    public static let takeUnreachableSlots = CommandOption.flag(
        "--take-unreachable-slots", aliases: ["--cluster-fix-with-unreachable-masters"],
        "give slots whose only owner does not answer to a live master (the keys on that owner are lost)", .readByCommand
    )
    /// `--search-multiple-owners`: what `check` and `fix` always do; accepted so that redis-cli's scripts run.
    public static let searchMultipleOwners = CommandOption.flag(
        "--search-multiple-owners", aliases: ["--cluster-search-multiple-owners"],
        "accepted for redis-cli's scripts: every master is always searched for keys of slots it does not own", .readByCommand
    )
    /// `--masters-only` or `--replicas-only`, not both: the nodes `execute` runs on.
    public static let nodeSelection = CommandOption<NodeSelection>.oneOf(
        [
            ("--masters-only", ["--cluster-only-masters", "--cluster-only-primaries"], .masters, "only on masters"),
            ("--replicas-only", ["--cluster-only-replicas"], .replicas, "only on replicas"),
        ],
        .readByCommand
    )
    /// `--map`: `info` draws the slots, each run of them shaded by its keys.
    public static let slotMap = CommandOption.flag(
        "--map", "draw the 16384 slots, a row per master, shaded by their keys; open and uncovered slots marked", .readByCommand
    )
    /// `--replicas R`: replicas per master of a sandbox.
    public static let sandboxReplicas = CommandOption.integer(
        "--replicas", in: OptionLimits.sandboxReplicas, placeholder: "R", "replicas per master (default 1)", .readByCommand
    )
    /// `--server PATH`: the server binary of a sandbox.
    public static let sandboxServer = CommandOption.text(
        "--server", placeholder: "PATH", "the server binary (default $REDIS_TRIB_SERVER or redis-server)", .readByCommand
    )
    /// `--transfer migrate|dump`: ``OperationOptions/transfer``.
    public static let transfer = CommandOption<KeyTransfer>.choice(
        "--transfer",
        "how keys travel key by key: migrate (MIGRATE, the default) or dump (DUMP, RESTORE on the target, delete if unchanged)",
        .into(\.transfer)
    )
    /// The options of moving keys key by key.
    static let keyMoveOptions: [any CommandOptionDeclaration] = [keysPerBatch, batchBytes, migrateTimeout, transfer]
    /// The options of every command that moves stable slots (`fix` finishes open ones, always key by key).
    static let slotMoveOptions: [any CommandOptionDeclaration] = keyMoveOptions + [atomicMode, atomicTimeout]
}
