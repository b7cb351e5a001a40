import RESP
import RedisTrib

/// Every redis-trib command, as one declarative table.
public enum CommandCatalog {
    /// The commands, in the order `help` lists them.
    public static let commands: [CommandSignature] = [
        CommandSignature(
            name: "start",
            summary: "one free node takes all 16384 slots",
            parameters: [.init("NODE", .address, "the cluster-enabled node, in no cluster and empty")],
            options: [maxSlots],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments.address("NODE")
            try await trib.start(node, maxSlots: arguments.integer("--max-slots"))
            return .done("\(node) serves all 16384 slots")
        },
        CommandSignature(
            name: "start_multi",
            aliases: ["create"],
            summary: "a cluster on several free nodes, slots shared evenly (the first takes the remainder)",
            parameters: [.init("NODE", .addresses, "the nodes, in the order that shares the slots")],
            options: [maxSlots],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let nodes = arguments.addressList("NODE")
            try await trib.startMulti(nodes, maxSlots: arguments.integer("--max-slots"))
            return .done("a cluster of \(nodes.count) node(s) serves all 16384 slots")
        },
        CommandSignature(
            name: "join",
            summary: "a free node joins as a master and slots are balanced to it",
            parameters: [
                .init("CLUSTER_NODE", .address, "any node of the cluster", anyClusterNode: true),
                .init("NEW_NODE", .address, "the free node that joins"),
            ],
            options: [replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            _ = try atomicMode(arguments)
            let newNode = try arguments.address("NEW_NODE")
            try await trib.join(cluster: try arguments.address("CLUSTER_NODE"), newNode: newNode)
            return .done("\(newNode) joined and took its share of the slots")
        },
        CommandSignature(
            name: "join_no_load",
            aliases: ["add_node"],
            summary: "a free node joins with no slots and no role",
            parameters: [
                .init("CLUSTER_NODE", .address, "any node of the cluster", optionName: "--existing-addr", anyClusterNode: true),
                .init("NEW_NODE", .address, "the free node that joins", optionName: "--new-addr"),
            ],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let newNode = try arguments.address("NEW_NODE")
            try await trib.joinNoLoad(cluster: try arguments.address("CLUSTER_NODE"), newNode: newNode)
            return .done("\(newNode) joined with no slots")
        },
        CommandSignature(
            name: "replicate",
            summary: "a free node joins as a replica of MASTER (of its master, if MASTER is a replica)",
            parameters: [
                .init("MASTER", .address, "the master to replicate", optionName: "--master-addr"),
                .init("REPLICA", .address, "the free node that becomes its replica", optionName: "--slave-addr"),
            ],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let replica = try arguments.address("REPLICA")
            try await trib.replicate(master: try arguments.address("MASTER"), replica: replica)
            return .done("\(replica) replicates \(try arguments.address("MASTER"))")
        },
        CommandSignature(
            name: "quit",
            aliases: ["del_node"],
            summary: "a node leaves its cluster; a master's slots move to the other masters first",
            parameters: [.init("NODE", .address, "the node that leaves", optionName: "--addr")],
            options: [replace, force] + slotMoveOptions + [parallel],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            _ = try atomicMode(arguments)
            let node = try arguments.address("NODE")
            try await trib.quit(node)
            return .done("\(node) left its cluster and was reset")
        },
        CommandSignature(
            name: "shutdown",
            summary: "dissolve a cluster that has one node left and no keys",
            parameters: [.init("NODE", .address, "the last node of the cluster", optionName: "--addr")],
            options: [.init("--ignore-failed", .flag, "ignore other nodes that are failing")],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments.address("NODE")
            try await trib.shutdown(node, ignoreFailed: arguments.flag("--ignore-failed"))
            return .done("the cluster of \(node) is dissolved")
        },
        CommandSignature(
            name: "fix",
            summary: "finish every half-done slot migration in the cluster",
            parameters: [.init("NODE", .address, "any node of the cluster", optionName: "--addr", anyClusterNode: true)],
            options: [replace] + keyMoveOptions,
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let node = try arguments.address("NODE")
            try await trib.fix(node)
            return .done("no slot is open in the cluster of \(node)")
        },
        CommandSignature(
            name: "migrate_slots",
            aliases: ["migrate"],
            summary: "move slots, keys included, from SRC to DST",
            parameters: [
                .init("SRC", .address, "the master that holds the slots", optionName: "--src-addr"),
                .init("DST", .address, "the master that receives them", optionName: "--dst-addr"),
                .init("SLOT", .slots, "slots (5) and inclusive ranges (4-7), 0…16383"),
            ],
            options: [replace, force] + slotMoveOptions,
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            _ = try atomicMode(arguments)
            let slots = arguments.slots("SLOT")
            let source = try arguments.address("SRC")
            let target = try arguments.address("DST")
            let already = try await trib.migrateSlots(from: source, to: target, slots: slots)
            let moved = slots.subtracting(already)
            if already.isEmpty {
                return .done("\(moved.count) slot(s) moved from \(source) to \(target)")
            }
            return .done("\(moved.count) slot(s) moved from \(source) to \(target); \(already.count) already on \(target): \(already)")
        },
        CommandSignature(
            name: "rescue",
            summary: "a free node takes every slot no live master serves",
            parameters: [
                .init("CLUSTER_NODE", .address, "any live node of the cluster", optionName: "--existing-addr", anyClusterNode: true),
                .init("FREE_NODE", .address, "the free node that takes the slots", optionName: "--new-addr"),
            ],
            options: [maxSlots, force],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            let freeNode = try arguments.address("FREE_NODE")
            try await trib.rescue(cluster: try arguments.address("CLUSTER_NODE"), freeNode: freeNode, maxSlots: arguments.integer("--max-slots"))
            return .done("\(freeNode) took the slots no live master served")
        },
        CommandSignature(
            name: "list",
            aliases: ["nodes"],
            summary: "the nodes of the cluster: role, address, id, slots, replicas, failure flags",
            parameters: [.init("CLUSTER_NODE", .address, "any node of the cluster", anyClusterNode: true)],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            let (nodes, myself) = try await trib.listNodes(try arguments.address("CLUSTER_NODE"))
            return .nodes(nodes, myself: myself)
        },
        CommandSignature(
            name: "masters",
            summary: "the masters of the cluster",
            parameters: [.init("CLUSTER_NODE", .address, "any node of the cluster", anyClusterNode: true)],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            let (masters, myself) = try await trib.listMasters(try arguments.address("CLUSTER_NODE"))
            return .nodes(masters, myself: myself)
        },
        CommandSignature(
            name: "execute",
            summary: "run a command on every node of the cluster, in parallel",
            parameters: [
                .init("CLUSTER_NODE", .address, "any node of the cluster", anyClusterNode: true),
                .init("COMMAND", .words, "the command and its arguments"),
            ],
            options: [
                .init("--masters-only", .flag, "only on masters"),
                .init("--replicas-only", .flag, "only on replicas"),
            ],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            if arguments.flag("--masters-only"), arguments.flag("--replicas-only") {
                throw TribError(.usage, "--masters-only and --replicas-only exclude each other")
            }
            let selection: NodeSelection = arguments.flag("--masters-only") ? .masters : arguments.flag("--replicas-only") ? .replicas : .all
            let replies = try await trib.execute(
                cluster: try arguments.address("CLUSTER_NODE"),
                on: selection,
                command: RedisCommand(arguments.wordList("COMMAND"))
            )
            return .replies(replies)
        },
        CommandSignature(
            name: "sandbox",
            summary: "start, list or stop a local cluster to try redis-trib on (in ~/.redis-trib/sandbox)",
            parameters: [
                .init("ACTION", .choice(["start", "status", "stop"]), "start, status or stop"),
                .init("N", .integer(OptionLimits.sandboxNodes), "how many nodes to start (default 6)", optional: true),
            ],
            options: [
                .init("--replicas", .integer(OptionLimits.sandboxReplicas), placeholder: "R", "replicas per master (default 1)"),
                .init("--server", .text, placeholder: "PATH", "the server binary (default $REDIS_TRIB_SERVER or redis-server)"),
            ],
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

    static let maxSlots = CommandSignature.Option("--max-slots", .integer(OptionLimits.maxSlots), placeholder: "N", "at most N slots per CLUSTER ADDSLOTS call")
    static let replace = CommandSignature.Option("--replace", .flag, "overwrite keys that exist on the target with different values")
    static let keysPerBatch = CommandSignature.Option(
        "--keys-per-batch", .integer(OptionLimits.keysPerBatch), placeholder: "N", "move at most N keys per MIGRATE (default 1000)"
    )
    static let batchBytes = CommandSignature.Option(
        "--batch-bytes", .integer(OptionLimits.batchBytes), placeholder: "BYTES",
        "move at most BYTES per MIGRATE, as MEMORY USAGE estimates them (default 16777216); a bigger key moves alone"
    )
    static let migrateTimeout = CommandSignature.Option(
        "--migrate-timeout", .integer(OptionLimits.migrateTimeoutMilliseconds), placeholder: "MS",
        "the timeout MIGRATE is given (default 60000); a batch that times out is split, down to single keys"
    )
    static let parallel = CommandSignature.Option(
        "--parallel", .integer(OptionLimits.parallelMoves), placeholder: "N", "move slots between up to N pairs of masters at once (default 4)"
    )
    static let atomic = CommandSignature.Option(
        "--atomic", .flag, "only atomic slot migration (Valkey 9 CLUSTER MIGRATESLOTS); fail where the server lacks or refuses it"
    )
    static let noAtomic = CommandSignature.Option("--no-atomic", .flag, "move keys with MIGRATE, even where atomic slot migration exists")
    static let atomicTimeout = CommandSignature.Option(
        "--atomic-timeout", .integer(OptionLimits.atomicTimeoutSeconds), placeholder: "SECONDS", "cancel an atomic slot migration that takes longer (default 3600)"
    )
    /// The options of moving keys with `MIGRATE`.
    static let keyMoveOptions = [keysPerBatch, batchBytes, migrateTimeout]
    /// The options of every command that moves stable slots (`fix` finishes open ones, always key by key).
    static let slotMoveOptions = keyMoveOptions + [atomic, noAtomic, atomicTimeout]

    /// The ``AtomicMode`` that `--atomic` and `--no-atomic` ask for.
    ///
    /// - Throws: ``TribError`` `.usage` when both are given.
    public static func atomicMode(_ arguments: CommandArguments) throws(TribError) -> AtomicMode {
        switch (arguments.flag("--atomic"), arguments.flag("--no-atomic")) {
        case (true, true): throw TribError(.usage, "--atomic and --no-atomic exclude each other")
        case (true, false): return .always
        case (false, true): return .never
        case (false, false): return .auto
        }
    }
    static let force = CommandSignature.Option("--force", .flag, "go on although other slots are migrating or importing")
}
