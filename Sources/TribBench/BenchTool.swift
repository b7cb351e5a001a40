import Foundation
import RESP
import RedisTrib
import TribCommands

/// A tool the bench times, and how it is started.
enum BenchTool: Sendable, Hashable {
    /// How `redis-trib migrate_slots` is asked to move keys.
    enum TribPath: Sendable, Hashable {
        /// No option: whatever redis-trib chooses.
        case automatic
        /// `--no-atomic`: key by key with `MIGRATE`, even where the server could move slots itself.
        case keys
        /// `--atomic`: the server's own slot migration.
        case atomic
        /// `--transfer dump`: `DUMP` on the source pipelined with `RESTORE … ASKING` on the target.
        case dump
    }

    /// `redis-trib migrate_slots SRC DST SLOTS`.
    case tribMigrate(TribPath)
    /// `redis-cli --cluster reshard`, with `--cluster-pipeline N` when given.
    case redisCliReshard(pipeline: Int?)
    /// `redistrib.command.migrate_slots` of the Python redis-trib 0.6.2.
    case pythonRedisTrib
    /// Valkey's `CLUSTER MIGRATESLOTS`, sent and followed by this bench's own `drive-migrateslots`.
    case serverSideMigrateSlots
    /// `redis-trib join CLUSTER NEW`, with `--parallel N` when given.
    case tribJoin(parallel: Int?)

    /// The name in the table.
    var label: String {
        switch self {
        case .tribMigrate(.automatic): "redis-trib migrate_slots"
        case .tribMigrate(.keys): "redis-trib migrate_slots --no-atomic"
        case .tribMigrate(.atomic): "redis-trib migrate_slots --atomic"
        case .tribMigrate(.dump): "redis-trib migrate_slots --transfer dump"
        case .redisCliReshard(nil): "redis-cli --cluster reshard"
        case .redisCliReshard(let pipeline?): "redis-cli --cluster reshard --cluster-pipeline \(pipeline)"
        case .pythonRedisTrib: "Python redis-trib 0.6.2 migrate_slots"
        case .serverSideMigrateSlots: "CLUSTER MIGRATESLOTS, driven directly"
        case .tribJoin(nil): "redis-trib join"
        case .tribJoin(let parallel?): "redis-trib join --parallel \(parallel)"
        }
    }

    /// The name in the ratio column.
    var shortLabel: String {
        switch self {
        case .tribMigrate(.automatic), .tribMigrate(.keys): "trib"
        case .tribMigrate(.atomic): "trib-atomic"
        case .tribMigrate(.dump): "trib-dump"
        case .redisCliReshard(nil): "cli"
        case .redisCliReshard(let pipeline?): "cli-p\(pipeline)"
        case .pythonRedisTrib: "py"
        case .serverSideMigrateSlots: "server"
        case .tribJoin(nil): "join"
        case .tribJoin(let parallel?): "join-p\(parallel)"
        }
    }

    /// Whether it is redis-trib, which reports how long it spent moving slots (`--json`).
    var isRedisTrib: Bool {
        switch self {
        case .tribMigrate, .tribJoin: true
        case .redisCliReshard, .pythonRedisTrib, .serverSideMigrateSlots: false
        }
    }

    /// The `elapsed` of the `migration_summary` event in redis-trib's `--json` output; `nil` when absent.
    static func movingSeconds(inOutput text: String) -> Double? {
        for line in text.split(separator: "\n").reversed() where line.contains("\"migration_summary\"") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            return (object["elapsed"] as? NSNumber)?.doubleValue
        }
        return nil
    }

    /// How long one run may take before it is killed, in seconds.
    var timeout: Double {
        self == .pythonRedisTrib ? 900 : 300
    }
}

/// The programs the tools run as, and what the installed redis-trib can do.
struct Toolbox: Sendable {
    var redisTrib: String
    var redisCli: String
    /// A Python that imports `redistrib`; `nil` when it could not be installed.
    var python: String?
    var pythonMissingReason: String
    /// This bench, which drives `CLUSTER MIGRATESLOTS` as a child process of its own.
    var bench: String
    /// Options `redis-trib help migrate_slots`, `help join` and `help create` list.
    var tribOptions: Set<String>

    /// The options of the installed redis-trib that the bench uses, read from its help.
    static func tribOptions(of redisTrib: String) -> Set<String> {
        var found = Set<String>()
        for command in ["migrate_slots", "join", "create"] {
            let help = ServerBinary.output(of: redisTrib, ["help", command]) ?? ""
            for option in ["--atomic", "--no-atomic", "--parallel", "--transfer", "--replicas"]
            where help.contains(option + " ") || help.contains(option + "\n") || help.contains(option + "]") {
                found.insert("\(command) \(option)")
            }
        }
        return found
    }

    /// The tool to run for `tool`: `--no-atomic` becomes no option for a redis-trib that knows no
    /// atomic migration at all, since it moves keys with `MIGRATE` anyway.
    func available(_ tool: BenchTool) -> BenchTool {
        if tool == .tribMigrate(.keys), !tribOptions.contains("migrate_slots --no-atomic"), !tribOptions.contains("migrate_slots --atomic") {
            return .tribMigrate(.automatic)
        }
        return tool
    }

    /// Why `tool` cannot run here, or `nil` when it can.
    func missing(_ tool: BenchTool) -> String? {
        switch tool {
        case .tribMigrate(.atomic) where !tribOptions.contains("migrate_slots --atomic"):
            "this redis-trib has no --atomic (see `redis-trib help migrate_slots`)"
        case .tribMigrate(.keys) where !tribOptions.contains("migrate_slots --no-atomic"):
            "this redis-trib has no --no-atomic (see `redis-trib help migrate_slots`)"
        case .tribMigrate(.dump) where !tribOptions.contains("migrate_slots --transfer"):
            "this redis-trib has no --transfer (see `redis-trib help migrate_slots`)"
        case .tribJoin(.some) where !tribOptions.contains("join --parallel"):
            "this redis-trib has no join --parallel (see `redis-trib help join`)"
        case .pythonRedisTrib where python == nil:
            pythonMissingReason
        default:
            nil
        }
    }

    /// The command line of `tool` for `move` in `cluster`.
    func commandLine(_ tool: BenchTool, move: BenchCase.Move, cluster: BenchCluster) -> (executable: String, arguments: [String]) {
        let nodes = cluster.all
        switch (tool, move) {
        case (.tribMigrate(let path), .slots(let source, let target, let slots)):
            var arguments = ["migrate_slots", "\(nodes[source].address)", "\(nodes[target].address)"]
            arguments += Self.rangeTokens(slots)
            switch path {
            case .automatic: break
            case .keys: arguments.append("--no-atomic")
            case .atomic: arguments.append("--atomic")
            case .dump: arguments += ["--no-atomic", "--transfer", "dump"]
            }
            return (redisTrib, arguments + ["--json"])
        case (.redisCliReshard(let pipeline), .slots(let source, let target, let slots)):
            // reshard takes the lowest slots of the source: the dataset fills exactly those.
            var arguments = [
                "--cluster", "reshard", "\(nodes[source].address)",
                "--cluster-from", cluster.ids[source], "--cluster-to", cluster.ids[target],
                "--cluster-slots", String(slots.count), "--cluster-yes",
            ]
            if let pipeline {
                arguments += ["--cluster-pipeline", String(pipeline)]
            }
            return (redisCli, arguments)
        case (.pythonRedisTrib, .slots(let source, let target, let slots)):
            let from = nodes[source].address
            let to = nodes[target].address
            return (python ?? "python3", ["-c", Self.pythonDriver, from.host, String(from.port), to.host, String(to.port), Self.ranges(slots)])
        case (.serverSideMigrateSlots, .slots(let source, let target, let slots)):
            return (bench, [ServerSideMigration.subcommand, "\(nodes[source].address)", cluster.ids[target], Self.ranges(slots)])
        case (.tribJoin(let parallel), .join(let anchor, let newNode)):
            var arguments = ["join", "\(nodes[anchor].address)", "\(nodes[newNode].address)"]
            if let parallel {
                arguments += ["--parallel", String(parallel)]
            }
            return (redisTrib, arguments + ["--json"])
        default:
            return ("/bin/false", [])
        }
    }

    /// Slots as inclusive ranges in ascending order, one per token, as `SlotSet` writes them: `["0-999", "1200"]`.
    static func rangeTokens(_ slots: [Int]) -> [String] {
        var set = SlotSet()
        for slot in slots {
            set.insert(slot...slot)
        }
        return set.description.split(separator: " ").map(String.init)
    }

    /// Slots as comma-separated inclusive ranges: `0-999,1200`.
    static func ranges(_ slots: [Int]) -> String {
        rangeTokens(slots).joined(separator: ",")
    }

    /// Succeeds when the Python at hand can import the redis-trib 0.6.2 driver.
    static let importCheck = pythonShim + "from redistrib import command\n"

    /// Python 3.11 puts back the ABCs werkzeug 0.14 imports from `collections`.
    private static let pythonShim = """
        import collections, collections.abc, sys
        for name in dir(collections.abc):
            if not name.startswith('_') and not hasattr(collections, name):
                setattr(collections, name, getattr(collections.abc, name))

        """

    /// Drives the Python redis-trib 0.6.2 from Python 3.11: its werkzeug 0.14 imports ABCs that
    /// moved to `collections.abc`, so they are put back before the import.
    static let pythonDriver =
        pythonShim + """
            from redistrib import command
            slots = []
            for part in sys.argv[5].split(','):
                first, _, last = part.partition('-')
                slots.extend(range(int(first), int(last or first) + 1))
            command.migrate_slots(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), slots)
            """
}
