import NIOCore
import RESP
import RedisTrib
import TribCommands
import TribRuntime

/// A simulated cluster behind the ``ClusterBackend`` protocol: three masters (7000, 7001, 7002)
/// sharing the slots as `redis-cli --cluster create` does, each with a replica (7100, 7101,
/// 7102). It answers `list` and `masters`, applies `migrate_slots` and
/// `join_no_load`, records every call as its command line, and fails when told to.
actor FakeClusterBackend: ClusterBackend {
    /// One call as the command line that would have made it.
    struct Call: Equatable, CustomStringConvertible {
        let command: String
        let words: [String]

        var description: String { ([command] + words).joined(separator: " ") }
    }

    private(set) var nodes: [ClusterNode]
    private(set) var calls: [Call] = []
    private let failure: @Sendable (Call) -> TribError?

    /// - Parameter failWhen: the error to throw for a call, or `nil` to carry it out.
    init(failWhen failure: @escaping @Sendable (Call) -> TribError? = { _ in nil }) {
        nodes = Self.threeMasters
        self.failure = failure
    }

    static func id(_ port: Int) -> String {
        String(repeating: String(port), count: 10)
    }

    static let threeMasters: [ClusterNode] = {
        let masterSlots = [0...5460, 5461...10922, 10923...16383]
        var nodes: [ClusterNode] = []
        for (index, slots) in masterSlots.enumerated() {
            nodes.append(
                ClusterNode(
                    id: id(7000 + index),
                    address: NodeAddress(host: "127.0.0.1", port: 7000 + index),
                    flags: [.master],
                    slots: SlotSet(slots)
                ))
        }
        for index in 0..<3 {
            nodes.append(
                ClusterNode(
                    id: id(7100 + index),
                    address: NodeAddress(host: "127.0.0.1", port: 7100 + index),
                    flags: [.replica],
                    masterID: id(7000 + index)
                ))
        }
        return nodes
    }()

    /// The calls as command lines.
    var commandLines: [String] { calls.map(\.description) }

    /// Answers what the exploring builtins send, the way Redis 7.0 does (RESP2, no `CLUSTER SLOT-STATS`):
    /// `INFO`, `CONFIG GET maxmemory`, `DBSIZE` (42), `CLUSTER COUNTKEYSINSLOT` (the slot mod 3),
    /// `CLUSTER GETKEYSINSLOT`, `PING`; anything else is an error reply. Each command is recorded as
    /// the call `query NODE WORDS…`.
    func query(_ node: NodeAddress, _ commands: [RedisCommand], login: ConnectionURI?) async throws(TribError) -> [RESPValue] {
        _ = try index(at: node)
        return commands.map { command in
            let words = command.arguments.map { String(buffer: $0) }
            calls.append(Call(command: "query", words: [node.description] + words))
            func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }
            switch words.map({ $0.uppercased() }) {
            case ["INFO"]:
                return bulk("# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:12\r\n\r\n# Keyspace\r\ndb0:keys=5,expires=0,avg_ttl=0\r\n")
            case ["INFO", "SERVER"]:
                return bulk("# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:12\r\n")
            case let w where w.count == 2 && w[0] == "INFO":
                // As Redis: a section it does not have is an empty reply.
                return bulk("")
            case ["CLUSTER", "INFO"]:
                return bulk("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n")
            case ["CONFIG", "GET", "MAXMEMORY"]: return .array([bulk("maxmemory"), bulk("0")])
            case ["DBSIZE"]: return .integer(42)
            case ["PING"]: return .simpleString(ByteBuffer(string: "PONG"))
            case let w where w.count == 3 && w[0] == "CLUSTER" && w[1] == "COUNTKEYSINSLOT":
                return .integer(Int64((Int(w[2]) ?? 0) % 3))
            case let w where w.count == 4 && w[0] == "CLUSTER" && w[1] == "GETKEYSINSLOT":
                return .array((0..<min(Int(w[3]) ?? 0, 2)).map { bulk("key\($0)") })
            default: return .error(ByteBuffer(string: "ERR unknown command '\(words.first ?? "")'"))
            }
        }
    }

    /// Two keys of the node, recorded as the call `big_keys NODE COUNT`; of 3 keys on 127.0.0.1:7000,
    /// of 1,000 on the others, of which the time limit let it read 2.
    func bigKeys(on node: NodeAddress, count: Int, login: ConnectionURI?) async throws(TribError) -> BigKeySample {
        _ = try index(at: node)
        calls.append(Call(command: "big_keys", words: [node.description, String(count)]))
        let keys = [BigKey(name: "big", bytes: 5000, slot: HashSlot.forKey("big")), BigKey(name: "small", bytes: 80, slot: HashSlot.forKey("small"))]
        let total = node.port == 7000 ? 3 : 1000
        return BigKeySample(
            keys: Array(keys.prefix(count)), scannedKeys: 2, totalKeys: total, isComplete: total == 3, scanLimit: 100_000, timeLimit: .seconds(2))
    }

    func setNodes(_ nodes: [ClusterNode]) {
        self.nodes = nodes
    }

    func run(_ signature: CommandSignature, _ arguments: CommandArguments) async throws(TribError) -> CommandOutput {
        let call = Call(command: signature.name, words: Self.words(of: arguments, for: signature))
        calls.append(call)
        if let error = failure(call) {
            throw error
        }
        switch signature.name {
        case "list":
            let myself = try node(at: try arguments[CommandCatalog.clusterNode])
            return .nodes(nodes, myself: myself)
        case "masters":
            let myself = try node(at: try arguments[CommandCatalog.clusterNode])
            return .nodes(nodes.filter(\.isMaster), myself: myself)
        case "migrate_slots":
            let source = try index(at: try arguments[CommandCatalog.source])
            let target = try index(at: try arguments[CommandCatalog.target])
            let slots = try arguments[CommandCatalog.slots]
            guard slots.isSubset(of: nodes[source].slots) else {
                throw TribError(.preconditionFailed, "does not own every slot to move", node: try arguments[CommandCatalog.source])
            }
            nodes[source].slots.subtract(slots)
            nodes[target].slots.formUnion(slots)
            return .done("\(slots.count) slot(s) moved")
        case "check":
            // The one finding the fake can have: slots no master holds (after a `migrate_slots` to no one, or `setNodes`).
            let uncovered = SlotSet(0...16383).subtracting(nodes.filter(\.isMaster).reduce(into: SlotSet()) { $0.formUnion($1.slots) })
            let asked = try node(at: try arguments[CommandCatalog.node])
            let findings =
                uncovered.isEmpty
                ? []
                : [
                    CheckFinding(
                        .uncoveredSlots, "\(uncovered.count) slot(s) have no owner: \(uncovered)",
                        nodes: [Disagreement.NodeReference(id: asked.id, address: asked.address)], slots: uncovered)
                ]
            return .check(ClusterCheckReport(checkedNodes: nodes.compactMap(\.address), findings: findings))
        case "join_no_load":
            _ = try node(at: try arguments[CommandCatalog.clusterNode])
            let newNode = try arguments[CommandCatalog.newNode]
            nodes.append(ClusterNode(id: Self.id(newNode.port), address: newNode, flags: [.master]))
            return .done("\(newNode) joined with no slots")
        default:
            return .done("\(call) done")
        }
    }

    private func index(at address: NodeAddress) throws(TribError) -> Int {
        guard let index = nodes.firstIndex(where: { $0.address == address }) else {
            throw TribError(.nodeError, "connection refused", node: address)
        }
        return index
    }

    private func node(at address: NodeAddress) throws(TribError) -> ClusterNode {
        nodes[try index(at: address)]
    }

    /// The spellings of the catalog's choices of flags given (`--atomic`, `--masters-only`).
    static func choices(_ arguments: CommandArguments) -> [String] {
        let atomic = arguments[CommandCatalog.atomicMode].map { $0 == .always ? "--atomic" : "--no-atomic" }
        let selection = arguments[CommandCatalog.nodeSelection].map { $0 == .masters ? "--masters-only" : "--replicas-only" }
        return [atomic, selection].compactMap { $0 }
    }

    /// The command line back from checked arguments: parameters in order, then flags and
    /// whole-number options, each read with a key made from its declaration (the catalog's
    /// choices of flags with their own keys).
    static func words(of arguments: CommandArguments, for signature: CommandSignature) -> [String] {
        var words: [String] = []
        for parameter in signature.parameters {
            switch parameter.kind {
            case .address:
                if let address = try? arguments[ParameterKey.address(parameter.name)] {
                    words.append(address.description)
                }
            case .addresses:
                words += ((try? arguments[ParameterKey.addresses(parameter.name)]) ?? []).map(\.description)
            case .slots:
                let slots = (try? arguments[ParameterKey.slots(parameter.name)]) ?? SlotSet()
                if !slots.isEmpty {
                    words += slots.description.split(separator: " ").map(String.init)
                }
            case .words:
                words += (try? arguments[ParameterKey.words(parameter.name)]) ?? []
            default:
                break
            }
        }
        for option in signature.options {
            switch option.kind {
            case .flag:
                if arguments[CommandOption.flag(option.name, option.summary, .readByCommand)] || choices(arguments).contains(option.name) {
                    words.append(option.name)
                }
            case .integer(let range):
                if let value = arguments[CommandOption.integer(option.name, in: range, placeholder: "", option.summary, .readByCommand)] {
                    words += [option.name, String(value)]
                }
            case .text:
                break
            case .texts:
                for value in arguments[CommandOption.texts(option.name, placeholder: "", option.summary, .readByCommand)] ?? [] {
                    words += [option.name, value]
                }
            }
        }
        return words
    }
}
