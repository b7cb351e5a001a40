import Foundation
import RESP
import RedisTrib
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting and watching server processes that outlive the tool that started them (the sandbox),
/// so that they can be stopped later by pid alone.
public enum ProcessControl {
    /// Starts `executable` with `arguments` in its own process group, standard streams on /dev/null,
    /// and returns its pid as soon as it runs.
    ///
    /// swift-subprocess starts the process (every signal at its default and unblocked, so the server
    /// obeys SIGTERM whatever this thread blocks; no descriptor of ours but the standard three, so a
    /// captured stdout of the caller is not held open by the server). Its `run` returns only once the
    /// process has ended, so it runs in a task of its own that nothing awaits: the server lives on
    /// after this function returns, and after this process exits; while this process lives, that
    /// task reaps the server when it ends.
    ///
    /// - Throws: ``TribError`` `.launchFailed` when the process cannot be started.
    static func spawn(executable: String, arguments: [String]) async throws(TribError) -> Int32 {
        var platform = PlatformOptions()
        // A group of its own: Ctrl-C in the terminal that started it does not reach the server.
        platform.processGroupID = 0
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            platformOptions: platform
        )
        let (started, report) = AsyncThrowingStream<Int32, any Error>.makeStream()
        Task.detached {
            do {
                _ = try await Subprocess.run(configuration, input: .none, output: .discarded, error: .discarded) { execution in
                    report.yield(execution.processIdentifier.value)
                    report.finish()
                }
            } catch {
                // Ignored once the pid was reported: the stream has finished.
                report.finish(throwing: error)
            }
        }
        do {
            for try await pid in started {
                return pid
            }
        } catch {
            throw TribError(.launchFailed, "cannot start \(executable): \(error)")
        }
        throw TribError(.launchFailed, "cannot start \(executable)")
    }

    /// Whether a process with this pid exists and has not ended (a process that ended but was not
    /// reaped yet, a zombie, has).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !ServerProcess.isZombie(pid)
    }

    /// Polls until the process is gone; returns whether it went within `seconds`.
    static func waitForExit(_ pid: Int32, seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + SecondsConversion.duration(seconds)
        while ContinuousClock.now < deadline {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isAlive(pid)
    }

    /// Finds an executable by name on PATH, or checks a path that contains a slash.
    ///
    /// The one PATH lookup of the project: the sandbox and the benchmarks resolve server binaries and
    /// tools with it; a command run by name alone (the terminal tests' tmux) is found by swift-subprocess.
    public static func resolveExecutable(_ name: String) -> String? {
        if name.contains("/") {
            return access(name, X_OK) == 0 ? name : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
