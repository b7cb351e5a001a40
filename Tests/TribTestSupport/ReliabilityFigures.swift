import Foundation

/// The figures of one reliability scenario on one server, appended as a JSON line to the file named by
/// `$REDIS_TRIB_RELIABILITY_FIGURES`, from which `scripts/reliability` builds docs/RELIABILITY.md.
///
/// Run counts come from `$REDIS_TRIB_RELIABILITY`: `long` for the long form, the quick form otherwise;
/// `$REDIS_TRIB_RELIABILITY_RUNS[_KEY]` and `$REDIS_TRIB_RELIABILITY_INPUTS` override them.
public struct ReliabilityFigures: Codable, Sendable {
    /// The scenario, as the table names it (`concurrent writes: join`).
    public var scenario: String
    /// The server binary's name (`redis-server`, `valkey-server`), or `-` for tests without one.
    public var server: String
    /// Runs, kill points or fuzzed inputs, as the scenario counts them.
    public var runs = 0
    /// Keys whose presence and value were checked after the runs.
    public var keysChecked = 0
    /// Acknowledged writes checked (SETs and INCRs of the concurrent writer).
    public var acknowledgedWrites = 0
    /// Writes whose outcome the writer could not know (connection errors): allowed either way.
    public var unknownWrites = 0
    /// Keys lost or changed: must stay 0.
    public var keysLost = 0
    /// Operations refused (a lease held, a precondition failed) or inputs rejected with a located error.
    public var refusals = 0
    /// Anything worth a line in the table.
    public var notes = ""

    /// Figures of `scenario` on the server named by `$REDIS_TRIB_SERVER`.
    public init(scenario: String) {
        self.scenario = scenario
        let server = ProcessInfo.processInfo.environment["REDIS_TRIB_SERVER"] ?? "redis-server"
        self.server = URL(fileURLWithPath: server).lastPathComponent
    }

    /// Figures of a test that uses no server (fuzzing).
    public init(scenario: String, server: String) {
        self.scenario = scenario
        self.server = server
    }

    /// Whether the long form was asked for.
    public static var isLong: Bool {
        ProcessInfo.processInfo.environment["REDIS_TRIB_RELIABILITY"] == "long"
    }

    /// How many runs a scenario makes: `quick` by default, `long` in the long form, or the override:
    /// `$REDIS_TRIB_RELIABILITY_RUNS_<KEY>` for this scenario (`WRITES`, `KILLS`, `FAILURES`, `RACES`),
    /// else `$REDIS_TRIB_RELIABILITY_RUNS` for every scenario.
    public static func runs(quick: Int, long: Int, key: String) -> Int {
        let environment = ProcessInfo.processInfo.environment
        for name in ["REDIS_TRIB_RELIABILITY_RUNS_\(key)", "REDIS_TRIB_RELIABILITY_RUNS"] {
            if let text = environment[name], let value = Int(text), value > 0 {
                return value
            }
        }
        return isLong ? long : quick
    }

    /// How many inputs a fuzz target gets: 10,000 quick, 1,000,000 long, or the override.
    public static var fuzzInputs: Int {
        if let text = ProcessInfo.processInfo.environment["REDIS_TRIB_RELIABILITY_INPUTS"], let value = Int(text), value > 0 {
            return value
        }
        return isLong ? 1_000_000 : 10_000
    }

    /// Appends these figures to the figures file, when one is named; does nothing otherwise.
    public func record() {
        guard let path = ProcessInfo.processInfo.environment["REDIS_TRIB_RELIABILITY_FIGURES"], !path.isEmpty else { return }
        guard var line = try? JSONEncoder().encode(self) else { return }
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }
}
