import Foundation
import Subprocess

#if canImport(Glibc)
import Glibc
#endif

/// A command running on a pseudo-terminal of its own: a session of a private tmux server, with
/// `HOME` set to a temporary folder, 120 columns by 40 rows.
///
/// Tests type into it, wait for text on the screen, and look at the screen. ``close()`` (or the
/// end of the session's life) kills the tmux server and removes the folder, so nothing is left
/// running whatever the test does.
final class TerminalSession {
    /// Why a session could not start or a wait ran out.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The temporary folder used as `HOME`.
    let home: URL
    private let socketName: String
    /// The private tmux server's socket, in the temporary folder (not tmux's own, so that
    /// ``close()`` can remove it).
    private let socketPath: String
    private let sessionName = "shell"
    /// The tmux server's pid, which ``close()`` signals: a deinit cannot wait for a tmux command.
    private var serverID: pid_t?
    private let ownsHome: Bool
    private let configuration: URL
    /// Where the command's exit status is written when it ends: tmux now and then records none
    /// (`pane_dead_status` stays empty), so the session does not rely on it.
    private let statusFile: URL
    private var isClosed = false

    /// Starts `arguments` (an executable path and its arguments) in a new terminal.
    ///
    /// - Parameter home: the `HOME` folder to use; a new temporary folder when `nil`. A folder
    ///   passed in is left in place by ``close()``.
    /// - Throws: ``Failure`` when tmux is missing or the session cannot start.
    init(_ arguments: [String], home: URL? = nil, environment: [String: String] = [:]) async throws {
        socketName = "redis-trib-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).sock").path
        if let home {
            self.home = home
            ownsHome = false
        } else {
            self.home = try Self.makeTemporaryFolder()
            ownsHome = true
        }
        // remain-on-exit keeps the pane after the command ends, so a test can see that it ended.
        configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).conf")
        statusFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).status")
        try "set -g remain-on-exit on\nset -g default-terminal xterm-256color\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
        var variables = ["HOME": self.home.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        do {
            try await tmux(
                [
                    "-f", configuration.path, "new-session", "-d", "-s", sessionName, "-x", "120", "-y", "40",
                    "sh", "-c", Self.recordingStatus, "sh", statusFile.path,
                    "env", "-u", "REDIS_TRIB_HISTFILE", "-u", "NO_COLOR",
                ] + assignments + arguments)
            serverID = pid_t(try await tmux(["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            close()
            throw error
        }
    }

    /// Runs its arguments after the first and writes their exit status to the file the first names.
    /// Ctrl-C reaches `sh` too (the command runs in the terminal's foreground group): a trap that does
    /// nothing keeps `sh` waiting, and the command, after `exec`, gets the default action or its own.
    private static let recordingStatus = #"status_file=$1; shift; trap : INT; "$@"; echo $? > "$status_file""#

    deinit {
        close()
    }

    /// Kills the terminal and what runs in it, and removes the temporary `HOME` it made.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        // SIGTERM makes the tmux server end its panes and exit, as `kill-server` does.
        if let serverID {
            kill(serverID, SIGTERM)
        }
        unlink(socketPath)
        try? FileManager.default.removeItem(at: configuration)
        try? FileManager.default.removeItem(at: statusFile)
        if ownsHome {
            try? FileManager.default.removeItem(at: home)
        }
    }

    /// Sends keys by tmux name: `"Enter"`, `"Tab"`, `"C-c"`, `"C-d"`, `"Up"`.
    func press(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", sessionName] + keys)
    }

    /// Types `text` literally (no key names).
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", sessionName, "-l", text])
    }

    /// The visible screen, one string a row, without trailing spaces or empty rows at the end.
    func screen() async throws -> [String] {
        try await rows(["capture-pane", "-p", "-t", sessionName])
    }

    /// The rows scrolled off the top, then the screen, as ``screen()`` gives it: what a command
    /// that ended wrote, even where tmux scrolled the pane when it ended.
    func scrollback() async throws -> [String] {
        try await rows(["capture-pane", "-p", "-S", "-", "-t", sessionName])
    }

    /// What a `capture-pane` prints, one string a row, without trailing spaces or empty rows at the end.
    private func rows(_ capture: [String]) async throws -> [String] {
        let text = try await tmux(capture)
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            String(row.reversed().drop(while: { $0 == " " }).reversed())
        }
        while rows.last?.isEmpty == true {
            rows.removeLast()
        }
        return rows
    }

    /// Waits until `condition` holds for the screen, checking every 50 ms.
    ///
    /// - Returns: the screen that satisfied it.
    /// - Throws: ``Failure`` with the last screen when `timeout` passes first.
    @discardableResult
    func waitUntil(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: ([String]) -> Bool
    ) async throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let rows = try await screen()
            if condition(rows) {
                return rows
            }
            guard clock.now < deadline else {
                throw Failure(description: "timed out waiting for \(what); the screen was:\n" + rows.joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until `text` appears anywhere on the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) async throws -> [String] {
        try await waitUntil("“\(text)”", timeout: timeout) { rows in rows.contains { $0.contains(text) } }
    }

    /// Whether the command has ended.
    func hasExited() async throws -> Bool {
        try await tmux(["display-message", "-p", "-t", sessionName, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Waits until the command ends.
    ///
    /// - Returns: its exit status, 128 + the signal's number when a signal ended it.
    /// - Throws: ``Failure`` when `timeout` passes first, or the command ended without a status.
    func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while try await !hasExited() {
            guard clock.now < deadline else {
                throw Failure(
                    description: "timed out waiting for the command to end; the screen was:\n"
                        + (try await screen()).joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // The pane ends with `sh`, after it wrote the status.
        let text = (try? String(contentsOf: statusFile, encoding: .utf8)) ?? ""
        guard let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "the command ended without writing its exit status (\(String(reflecting: text)))")
        }
        return status
    }

    // MARK: - tmux

    /// Runs tmux on the session's server and returns what it printed.
    ///
    /// swift-subprocess starts it with every signal unblocked and at its default action: a test runs
    /// on a thread that blocks most signals, and a tmux server inheriting that mask would never hear
    /// of its panes ending (SIGCHLD) nor of being told to stop.
    ///
    /// - Throws: ``Failure`` when tmux is missing or fails.
    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> String {
        let result: ExecutionResult<Void, StringOutput<Unicode.UTF8>, StringOutput<Unicode.UTF8>>
        do {
            result = try await run(
                .name("tmux"),
                arguments: Arguments(["-S", socketPath] + arguments),
                output: .string(limit: 1 << 20),
                error: .string(limit: 1 << 16)
            )
        } catch let error as SubprocessError where error.code == .executableNotFound {
            throw Failure(description: "tmux is not installed; the terminal tests need it (scripts/test installs it, or: apt-get install tmux)")
        }
        guard result.terminationStatus.isSuccess else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (\(result.terminationStatus)): \(result.standardError)")
        }
        return result.standardOutput
    }

    private static func makeTemporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-shell-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
