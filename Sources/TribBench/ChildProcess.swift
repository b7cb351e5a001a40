import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// One tool run as a child process: its wall time, exit status and peak resident memory.
///
/// The tool runs under GNU time (`/usr/bin/time -f "%M %U %S"`), which forks it from a small process:
/// started from this bench directly, the child's `ru_maxrss` would count the bench's own pages,
/// shared until `exec`.
struct ChildProcess: Sendable {
    static let gnuTime = "/usr/bin/time"
    /// What a finished run measured.
    struct Outcome: Sendable {
        /// From just before the start to the moment the process was reaped.
        var wallSeconds: Double
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        /// The peak resident set size of the process in KiB, as GNU time reports it; `nil` without GNU time.
        var peakKiB: Int?
        /// User plus system CPU time of the process, as GNU time reports it; `nil` without GNU time.
        var cpuSeconds: Double?
        /// Whether the timeout killed it.
        var timedOut: Bool
    }

    /// The program, a path.
    var executable: String
    /// Its arguments.
    var arguments: [String]
    /// Where its standard output and error go; GNU time's report goes beside it, in `.rss`.
    var logPath: String
    /// Whether it runs under GNU time, which measures its memory and CPU time (when installed).
    var underGNUTime = true

    private var rssPath: String { logPath + ".rss" }
    private var measuresMemory: Bool { underGNUTime && access(Self.gnuTime, X_OK) == 0 }

    /// How a run ended: the process's status, or the timeout first.
    private enum Ending: Sendable {
        case exited(TerminationStatus)
        case timeout
    }

    /// Runs the process to its end, killing it after `timeout` seconds.
    ///
    /// - Throws: `BenchError` when it cannot be started.
    func run(timeout: Double) async throws -> Outcome {
        let log: FileDescriptor
        do {
            log = try FileDescriptor.open(
                FilePath(logPath), .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
        } catch {
            throw BenchError("cannot open \(logPath): \(error)")
        }
        let configuration = configuration()
        let started = ContinuousClock.now
        let (status, timedOut) = try await Self.mappingFailure(of: executable) {
            try await withThrowingTaskGroup(of: Ending.self) { group in
                group.addTask {
                    let result = try await Subprocess.run(
                        configuration,
                        input: .none,
                        output: .fileDescriptor(log, closeAfterSpawningProcess: true),
                        error: .combinedWithOutput
                    )
                    return .exited(result.terminationStatus)
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                    return .timeout
                }
                guard let first = try await group.next() else { throw BenchError("cannot run \(executable)") }
                // Cancelling the run tears the process group down (see `configuration()`); it then reports how it ended.
                group.cancelAll()
                switch first {
                case .exited(let status):
                    return (status, false)
                case .timeout:
                    // A run that reports its cancellation instead of a status was killed all the same.
                    while let next = try? await group.next() {
                        if case .exited(let status) = next { return (status, true) }
                    }
                    return (TerminationStatus.signaled(SIGKILL), true)
                }
            }
        }
        let ended = ContinuousClock.now
        var measured = Outcome(wallSeconds: (ended - started).seconds, status: status.code, peakKiB: nil, cpuSeconds: nil, timedOut: timedOut)
        if measuresMemory, let report = try? String(contentsOfFile: rssPath, encoding: .utf8) {
            // GNU time may put "Command exited with non-zero status N" before the numbers.
            let fields = report.split(separator: "\n").last?.split(separator: " ") ?? []
            if fields.count == 3, let user = Double(fields[1]), let system = Double(fields[2]) {
                measured.peakKiB = Int(fields[0])
                measured.cpuSeconds = user + system
            }
        }
        return measured
    }

    /// Runs `body`, turning what it throws into a `BenchError` that names the program.
    private static func mappingFailure<Value>(of executable: String, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("cannot start \(executable): \(error)")
        }
    }

    /// The program (GNU time when it measures memory) in a process group of its own, so that a
    /// timeout kills the tool and GNU time together.
    private func configuration() -> Configuration {
        var platform = PlatformOptions()
        platform.processGroupID = 0
        platform.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(5))]
        let program = measuresMemory ? Self.gnuTime : executable
        let prefix = measuresMemory ? ["-f", "%M %U %S", "-o", rssPath, executable] : []
        return Configuration(executable: .path(FilePath(program)), arguments: Arguments(prefix + arguments), platformOptions: platform)
    }

    /// What the process said about its failure: the first line that names an error (a crash's
    /// backtrace comes after it), else its last lines; and where the whole output is.
    func failureSummary(lines: Int = 3) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no output)" }
        let all = text.split(separator: "\n")
        let named = all.first { $0.localizedCaseInsensitiveContains("error") || $0.contains("Crash") }
        return (named.map { [$0] } ?? Array(all.suffix(lines))).joined(separator: " | ") + " (output: \(logPath))"
    }
}

extension TerminationStatus {
    /// The exit status, or 128 + the signal that ended the process, as a shell reports it.
    var code: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal): 128 + signal
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
