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
        print(MachineDescription.summary(configuration))
        print("mode: \(configuration.quick ? "quick" : "full"), load average at start: \(loadBefore)")
        for (family, reason) in configuration.missingServers {
            print("skip \(family.rawValue): \(reason)")
        }
        try? FileManager.default.createDirectory(atPath: configuration.root + "/logs", withIntermediateDirectories: true)
        let runner = CaseRunner(toolbox: configuration.toolbox, root: configuration.root)
        var records: [RunRecord] = []
        var skipped: [SkippedTool] = []
        let cases = configuration.servers.flatMap {
            BenchCase.plan(for: $0, quick: configuration.quick, only: configuration.caseIDs, repetitions: configuration.repetitions, scale: configuration.scale)
        }.sorted { $0.id < $1.id }.map { planned in
            var benchCase = planned
            benchCase.tools = planned.tools.map(configuration.toolbox.available)
            return benchCase
        }
        for benchCase in cases {
            print("\(benchCase.id): \(benchCase.title) on \(benchCase.server.name), \(benchCase.repetitions) repetition(s)")
            let outcome = await runner.run(benchCase) { print($0) }
            records += outcome.records
            skipped += outcome.skipped
        }
        let table = ResultTable(cases: cases, records: records, skipped: skipped)
        let checks = TargetCheck.all(table)
        let elapsed = (ContinuousClock.now - started).seconds
        let loadAfter = MachineDescription.loadAverage()
        print("")
        print(table.text())
        print("")
        print("ratio names: \(table.legend())")
        print("targets (issue 5):")
        print(TargetCheck.render(checks, markdown: false))
        print(String(format: "total %.0f s; load average at start %@, at end %@", elapsed, loadBefore, loadAfter))
        if let path = configuration.markdownPath {
            let text = """
                <!-- redis-trib-bench \(configuration.quick ? "--quick" : "(full)"), \(Date()) -->
                \(MachineDescription.summary(configuration))
                Mode: \(configuration.quick ? "quick" : "full"); total \(String(format: "%.0f", elapsed)) s; load average at start \(loadBefore), at end \(loadAfter).

                \(table.markdown())

                Ratio names: \(table.legend()).

                Targets of issue 5:

                \(TargetCheck.render(checks, markdown: true))

                """
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                print("cannot write \(path): \(error)")
            }
        }
        return records.contains { $0.failure != nil } ? 1 : 0
    }
}
