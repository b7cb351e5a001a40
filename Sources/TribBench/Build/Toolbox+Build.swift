import RESP

extension Toolbox {
    /// Why `builder` cannot create `shape` here, or `nil` when it can.
    func missing(_ builder: ClusterBuildCase.Builder, shape: ClusterShape) -> String? {
        if builder == .trib, shape.replicasPerMaster > 0, !tribOptions.contains("create --replicas") {
            return "this redis-trib has no create --replicas (see `redis-trib help create`)"
        }
        return nil
    }

    /// `redis-trib create NODE… [--replicas N]` or `redis-cli --cluster create NODE… --cluster-replicas N --cluster-yes`.
    func createCommand(_ builder: ClusterBuildCase.Builder, shape: ClusterShape, nodes: [NodeAddress]) -> (executable: String, arguments: [String]) {
        let addresses = nodes.map(\.description)
        switch builder {
        case .trib:
            return (
                redisTrib,
                BuildRunner.tribOptions(nodes: nodes.count) + ["create"] + addresses
                    + (shape.replicasPerMaster > 0 ? ["--replicas", String(shape.replicasPerMaster)] : [])
            )
        case .cli:
            return (redisCli, ["--cluster", "create"] + addresses + ["--cluster-replicas", String(shape.replicasPerMaster), "--cluster-yes"])
        }
    }

    /// Whether `builder` has a command for `operation` (redis-cli has no `list`, and `--version` is timed for redis-trib only).
    func has(_ builder: ClusterBuildCase.Builder, _ operation: ClusterBuildCase.Operation) -> Bool {
        buildCommand(builder, operation: operation, node: NodeAddress(host: "127.0.0.1", port: 0)) != nil
    }

    /// The command line of `operation` for `builder`, or `nil` when that tool has no such command.
    func buildCommand(_ builder: ClusterBuildCase.Builder, operation: ClusterBuildCase.Operation, node: NodeAddress) -> (
        executable: String, arguments: [String]
    )? {
        let address = node.description
        switch (builder, operation) {
        case (.trib, .version): return (redisTrib, ["--version"])
        case (.trib, .list): return (redisTrib, ["list", address])
        case (.trib, .check): return (redisTrib, ["check", address])
        case (.trib, .info): return (redisTrib, ["info", address])
        case (.trib, .ping): return (redisTrib, ["execute", address, "PING"])
        case (.cli, .check): return (redisCli, ["--cluster", "check", address])
        case (.cli, .info): return (redisCli, ["--cluster", "info", address])
        case (.cli, .ping): return (redisCli, ["--cluster", "call", address, "PING"])
        case (.cli, .version), (.cli, .list): return nil
        }
    }
}
