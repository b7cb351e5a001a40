import Foundation

/// `redis-trib-bench`: times redis-trib against redis-cli, the Python redis-trib and Valkey's
/// server-side migration on fresh local nodes, checks every run, and prints a table.
@main
enum BenchMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == ServerSideMigration.subcommand {
            exit(await ServerSideMigration.main(Array(arguments.dropFirst())))
        }
        let configuration: BenchConfiguration
        do {
            configuration = try BenchConfiguration(arguments: arguments)
        } catch {
            FileHandle.standardError.write(Data("redis-trib-bench: \(error)\n\n\(BenchConfiguration.usage)\n".utf8))
            exit(2)
        }
        if configuration.help {
            print(BenchConfiguration.usage)
            exit(0)
        }
        exit(await run(configuration))
    }

    private static func run(_ configuration: BenchConfiguration) async -> Int32 {
        let started = ContinuousClock.now
        let loadBefore = MachineDescription.loadAverage()
        say(MachineDescription.summary(configuration))
        say("mode: \(configuration.quick ? "quick" : "full"), load average at start: \(loadBefore)")
        for (family, reason) in configuration.missingServers {
            say("skip \(family.rawValue): \(reason)")
        }
        try? FileManager.default.createDirectory(atPath: configuration.root + "/logs", withIntermediateDirectories: true)
        // 300 nodes: the bench and the tools hold a connection to each, the readiness poll three.
        raiseOpenFileLimit()
        let runner = CaseRunner(toolbox: configuration.toolbox, root: configuration.root, loadRate: configuration.loadRate)
        var records: [RunRecord] = []
        var skipped: [SkippedTool] = []
        let cases = configuration.servers.flatMap {
            BenchCase.plan(for: $0, quick: configuration.quick, only: configuration.caseIDs, repetitions: configuration.repetitions, scale: configuration.scale)
        }.sorted { $0.id < $1.id }.map { planned in
            var benchCase = planned
            benchCase.tools = planned.tools.map(configuration.toolbox.available).filter { configuration.toolNames?.contains($0.shortLabel) ?? true }
            return benchCase
        }.filter { !$0.tools.isEmpty }
        for benchCase in cases {
            say("\(benchCase.id): \(benchCase.title) on \(benchCase.server.name), \(benchCase.repetitions) repetition(s)")
            let outcome = await runner.run(benchCase) { say($0) }
            records += outcome.records
            skipped += outcome.skipped
        }
        let buildCases = configuration.servers.flatMap {
            ClusterBuildCase.plan(
                for: $0, quick: configuration.quick, only: configuration.caseIDs, repetitions: configuration.repetitions, scaleSizes: configuration.scaleSizes)
        }.sorted { $0.id < $1.id }
        var buildRecords: [BuildRecord] = []
        let builder = BuildRunner(toolbox: configuration.toolbox, root: configuration.root)
        for buildCase in buildCases {
            say("\(buildCase.id): \(buildCase.title) on \(buildCase.server.name), sizes \(buildCase.shapes.map(\.label).joined(separator: ", "))")
            buildRecords += await builder.run(buildCase) { say($0) }
        }
        let report = BenchReport(
            configuration: configuration,
            table: ResultTable(cases: cases, records: records, skipped: skipped),
            buildTable: BuildTable(buildRecords),
            seconds: (ContinuousClock.now - started).seconds,
            loadBefore: loadBefore,
            loadAfter: MachineDescription.loadAverage()
        )
        say("")
        say(report.text())
        if let path = configuration.markdownPath {
            do {
                try report.markdown().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                say("cannot write \(path): \(error)")
            }
        }
        return records.contains { $0.failure != nil } || buildRecords.contains { !$0.failures.isEmpty } ? 1 : 0
    }

    /// Raises the soft limit of open files to the hard one; the child processes inherit it.
    private static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 {
            say("cannot raise the open file limit above \(limit.rlim_cur)")
        }
    }

    /// Prints a line at once, also into a file or a pipe (where `print` waits for a full buffer):
    /// the progress of a ten-minute run.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
