import RESP
import RedisTrib

/// `set_timeout`, `import` and `backup`: a setting on every node, keys from outside, snapshots out.
extension CommandCatalog {
    /// The commands of this file, in the order `help` lists them.
    static let archiveCommands: [CommandSignature] = [
        CommandSignature(
            name: "set_timeout",
            redisCLIName: "set-timeout",
            group: .operate,
            summary: "set cluster-node-timeout on every node, saved with CONFIG REWRITE where a node has a config file",
            parameters: [
                .init(node, "any node of the cluster", anyClusterNode: true),
                .init(nodeTimeout, "the timeout in milliseconds"),
            ],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            .nodeTimeout(try await trib.setNodeTimeout(try arguments[Self.node], milliseconds: try arguments[Self.nodeTimeout]))
        },
        CommandSignature(
            name: "import",
            group: .operate,
            summary: "move (or --copy) every key of a standalone server, all its databases, into the cluster, with TTLs",
            parameters: [.init(node, "any node of the cluster", anyClusterNode: true)],
            options: [importFrom, importCopy, replace, importFromUser, importFromPass, importFromAskpass, importBatch],
            changesCluster: true
        ) { trib, arguments throws(TribError) in
            guard let from = arguments[Self.importFrom] else {
                throw TribError(.usage, "import needs --from HOST:PORT, the standalone server whose keys it imports")
            }
            let source: NodeAddress
            do throws(NodeAddressError) {
                source = try NodeAddress(parsing: from)
            } catch {
                throw TribError(.usage, "--from: \(error.description)")
            }
            var password = arguments[Self.importFromPass]
            if arguments[Self.importFromAskpass] {
                guard password == nil else {
                    throw TribError(.usage, "--from-askpass and --from-pass exclude each other")
                }
                guard let prompt = arguments.passwordPrompt else {
                    throw TribError(.usage, "--from-askpass asks on the command line only; give --from-pass here")
                }
                password = prompt("Please input the source's password: ") ?? ""
            }
            let report = try await trib.importKeys(
                into: try arguments[Self.node], from: source, sourceUsername: arguments[Self.importFromUser], sourcePassword: password,
                copy: arguments[Self.importCopy])
            return .importKeys(report)
        },
        CommandSignature(
            name: "backup",
            group: .operate,
            summary: "fetch every master's RDB over the replication protocol into DIR, checked, with the layout in cluster.json",
            parameters: [
                .init(node, "any node of the cluster", anyClusterNode: true),
                .init(backupDirectory, "the folder for the files, made when missing; it must not hold them already"),
            ],
            changesCluster: false
        ) { trib, arguments throws(TribError) in
            .backup(try await trib.backup(try arguments[Self.node], to: try arguments[Self.backupDirectory]))
        },
    ]

    /// `MS`: the `cluster-node-timeout` `set_timeout` sets.
    public static let nodeTimeout = ParameterKey.integer("MS", in: ClusterOperator.nodeTimeoutRange)
    /// `DIR`: where `backup` writes.
    public static let backupDirectory = ParameterKey.text("DIR")

    /// `--from HOST:PORT`: the standalone server `import` reads.
    public static let importFrom = CommandOption.text(
        "--from", aliases: ["--cluster-from"], placeholder: "HOST:PORT", "the standalone server whose keys are imported (required)", .readByCommand)
    /// `--copy`: `import` leaves the keys on the source.
    public static let importCopy = CommandOption.flag(
        "--copy", aliases: ["--cluster-copy"], "leave the keys on the source (default: delete each once imported)", .readByCommand)
    /// `--from-askpass`: the source's password is read from the terminal (``CommandArguments/passwordPrompt``).
    public static let importFromAskpass = CommandOption.flag(
        "--from-askpass", aliases: ["--cluster-from-askpass"],
        "read the source's password from the terminal without echo (one line of stdin when not a terminal)", .readByCommand
    )
    /// `--keys-per-batch N` of `import`: ``OperationOptions/keysPerBatch``, the keys read and written per pipeline.
    public static let importBatch = CommandOption.integer(
        "--keys-per-batch", in: 1...10_000, placeholder: "N", "import at most N keys per SCAN and pipeline (default 1000)", .into(\.keysPerBatch)
    )
    /// `--from-user USER`: the ACL user of the source.
    public static let importFromUser = CommandOption.text(
        "--from-user", aliases: ["--cluster-from-user"], placeholder: "USER", "the ACL user of the source", .readByCommand)
    /// `--from-pass PASSWORD`: the password of the source.
    public static let importFromPass = CommandOption.text(
        "--from-pass", aliases: ["--cluster-from-pass"], placeholder: "PASSWORD", "the password of the source (the cluster's is -a/--pass)", .readByCommand)
}
