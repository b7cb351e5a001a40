import Foundation
import RedisTrib
import TribCommands

/// What one bench run measures, from its command line.
struct BenchConfiguration {
    var quick = false
    var help = false
    /// Cases asked for with `--cases`; `nil`: the mode's default (every case; `--quick` leaves out D and E).
    var requestedCases: Set<String>?
    /// Requests per second of the load client during every timed move; 0 turns it off.
    var loadRate: Double = 2000
    /// Node counts of case E.
    var scaleSizes = [6, 30, 100, 300]
    /// Short tool names (`trib`, `cli-p1000`) to run; every tool when `nil`.
    var toolNames: Set<String>?
    var servers: [ServerBinary] = []
    /// Servers asked for that cannot run, and why.
    var missingServers: [(ServerBinary.Family, String)] = []
    var repetitions: Int?
    var scale: Double?
    var toolbox: Toolbox
    var root: String
    var markdownPath: String?

    static let usage = """
        usage: redis-trib-bench [--quick] [--cases A,B,C,D,E,F,S] [--tools NAME,…] [--servers redis,valkey] [--repetitions N] [--scale X]
                                [--load-rate N] [--sizes N,…] [--redis-server PATH] [--valkey-server PATH] [--redis-trib PATH]
                                [--redis-cli PATH] [--python PATH] [--root DIR] [--markdown FILE]

          --quick          half the keys, one repetition, no Python redis-trib, case C on Redis only, no case D or E
                           (a few minutes)
          --cases          which cases: A 1000 slots / 200k keys, B 1 slot / 200k keys, C join 3 -> 4 masters / 300k keys,
                           D peak memory moving 1M keys (full mode, Redis only), E scale: create, check, info, list,
                           execute PING on 6 to 300 nodes, F create until ready (3, 6, 3+3), S start-up on 3+3 nodes
                           (default all; --quick: A,B,C,F,S)
          --tools          only these tools, by the short names of the ratio column: trib,trib-dump,cli,cli-p1000,py,
                           trib-atomic,server,join,join-p1 (default all; cases E, F and S always run both tools)
          --load-rate N    GET/SET a second of the load client during every timed move (default 2000; 0: none)
          --sizes N,…      node counts of case E, half masters and half replicas (default 6,30,100,300)
          --servers        redis, valkey or both (default both; Valkey is skipped when --valkey-server is not given)
          --repetitions N  runs per tool (default 3, quick 1); the median counts; case D and the Python
                           redis-trib run once whatever N
          --scale X        multiply every key count by X (default 1, quick 0.5)
          --python PATH    a Python whose `import redistrib` finds redis-trib 0.6.2 (skipped when not given)
          --root DIR       where node folders and tool logs go (default a new temporary folder)
          --markdown FILE  also write the table and the target checks as Markdown
        """

    /// Parses the command line.
    ///
    /// - Throws: `BenchError` for an unknown option or a missing value.
    init(arguments: [String]) throws {
        var redisServer = "redis-server"
        var valkeyServer: String?
        var families: [ServerBinary.Family] = [.redis, .valkey]
        var redisTrib = ".build/release/redis-trib"
        var redisCli = "redis-cli"
        var python: String?
        var root: String?
        var rest = arguments[...]
        func value(_ option: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(option) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "-h", "--help": help = true
            case "--cases":
                requestedCases = Set(try value(argument).uppercased().split(separator: ",").map(String.init))
            case "--load-rate":
                guard let rate = Double(try value(argument)), rate >= 0 else { throw BenchError("--load-rate needs a number, 0 or more") }
                loadRate = rate
            case "--sizes":
                scaleSizes = try value(argument).split(separator: ",").map {
                    guard let nodes = Int($0), nodes >= 2, nodes <= 1000 else { throw BenchError("--sizes needs node counts from 2 to 1000, not \($0)") }
                    return nodes
                }
            case "--tools":
                toolNames = Set(try value(argument).lowercased().split(separator: ",").map(String.init))
            case "--servers":
                families = try value(argument).lowercased().split(separator: ",").map {
                    guard let family = ServerBinary.Family(rawValue: $0.prefix(1).uppercased() + $0.dropFirst()) else {
                        throw BenchError("unknown server \($0): redis or valkey")
                    }
                    return family
                }
            case "--repetitions":
                guard let count = Int(try value(argument)), count > 0 else { throw BenchError("--repetitions needs a positive number") }
                repetitions = count
            case "--scale":
                guard let factor = Double(try value(argument)), factor > 0 else { throw BenchError("--scale needs a positive number") }
                scale = factor
            case "--redis-server": redisServer = try value(argument)
            case "--valkey-server": valkeyServer = try value(argument)
            case "--redis-trib": redisTrib = try value(argument)
            case "--redis-cli": redisCli = try value(argument)
            case "--python": python = try value(argument)
            case "--root": root = try value(argument)
            case "--markdown": markdownPath = try value(argument)
            default: throw BenchError("unknown argument \(argument)")
            }
        }
        let benchPath = Self.absolute(CommandLine.arguments[0])
        let tribPath = Self.absolute(ProcessControl.resolveExecutable(redisTrib) ?? redisTrib)
        var pythonReason = "not installed (give --python; scripts/bench installs it with pip into .tools/pyvenv)"
        if quick {
            pythonReason = "full mode only (about a minute a run)"
            python = nil
        } else if let candidate = python, ServerBinary.output(of: candidate, ["-c", Toolbox.importCheck]) == nil {
            pythonReason = "\(candidate) cannot import redistrib 0.6.2"
            python = nil
        }
        toolbox = Toolbox(
            redisTrib: tribPath,
            redisCli: ProcessControl.resolveExecutable(redisCli) ?? redisCli,
            python: python,
            pythonMissingReason: pythonReason,
            bench: benchPath,
            tribOptions: Toolbox.tribOptions(of: tribPath)
        )
        self.root = root ?? FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-bench-\(UUID().uuidString.prefix(8))").path
        for family in families {
            let path = family == .redis ? redisServer : valkeyServer
            guard let path else {
                missingServers.append((family, "no --valkey-server given"))
                continue
            }
            guard let resolved = ProcessControl.resolveExecutable(path), let binary = ServerBinary(family: family, path: resolved) else {
                missingServers.append((family, "\(path) does not run"))
                continue
            }
            servers.append(binary)
        }
        if !help, access(toolbox.redisTrib, X_OK) != 0 {
            throw BenchError("\(toolbox.redisTrib) not found: build it with `swift build -c release --product redis-trib`")
        }
    }

    /// The cases to run: those asked for, else the mode's.
    var caseIDs: Set<String> {
        requestedCases ?? (quick ? ["A", "B", "C", "F", "S"] : ["A", "B", "C", "D", "E", "F", "S"])
    }

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if !path.contains("/"), let found = ProcessControl.resolveExecutable(path) { return absolute(found) }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
