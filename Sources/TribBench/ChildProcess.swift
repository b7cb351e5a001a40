import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One tool run as a child process: its wall time, exit status and peak resident memory.
///
/// The tool runs under GNU time (`/usr/bin/time -f "%M %U %S"`), which forks it from a small process:
/// `posix_spawn` from this bench would count the bench's own pages, shared until `exec`, in the
/// child's `ru_maxrss`.
struct ChildProcess: Sendable {
    static let gnuTime = "/usr/bin/time"
    /// What a finished run measured.
    struct Outcome: Sendable {
        /// From just before `posix_spawn` to the moment the process exited.
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

    private var rssPath: String { logPath + ".rss" }
    private var measuresMemory: Bool { access(Self.gnuTime, X_OK) == 0 }

    /// Runs the process to its end, killing it after `timeout` seconds.
    ///
    /// - Throws: `BenchError` when it cannot be started.
    func run(timeout: Double) async throws -> Outcome {
        let started = ContinuousClock.now
        let pid = try spawn()
        let exited = ExitLatch()
        let killer = Task {
            try await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
            // The tool is in the process group GNU time leads.
            exited.killUnlessExited(-pid)
        }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            Thread.detachNewThread {
                // Wait without reaping, so the killer can never signal a recycled pid.
                var info = siginfo_t()
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
                let ended = ContinuousClock.now
                let timedOut = exited.markExited()
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                continuation.resume(returning: Outcome(
                    wallSeconds: (ended - started).seconds,
                    status: code,
                    peakKiB: nil,
                    cpuSeconds: nil,
                    timedOut: timedOut
                ))
            }
        }
        killer.cancel()
        var measured = outcome
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

    private func spawn() throws -> pid_t {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own, so a timeout can kill the tool and GNU time together.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let program = measuresMemory ? Self.gnuTime : executable
        let prefix = measuresMemory ? [Self.gnuTime, "-f", "%M %U %S", "-o", rssPath] : []
        let argv = (prefix + [executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = (argv + [nil]).withUnsafeBufferPointer { pointer -> Int32 in
            guard let base = pointer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, program, &fileActions, &attributes, base, environ)
        }
        guard status == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
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

/// Whether a child has exited, so that a timeout signals it only while it is still ours.
private final class ExitLatch: Sendable {
    private let state = Mutex<(exited: Bool, killed: Bool)>((false, false))

    /// Records the exit; returns whether the timeout had killed it.
    func markExited() -> Bool {
        state.withLock { state in
            state.exited = true
            return state.killed
        }
    }

    func killUnlessExited(_ pid: pid_t) {
        state.withLock { state in
            guard !state.exited else { return }
            state.killed = true
            kill(pid, SIGKILL)
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
