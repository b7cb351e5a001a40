import Foundation
import Testing

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
    private let tmuxURL: URL
    private let ownsHome: Bool
    private let configuration: URL
    private var isClosed = false

    /// Starts `arguments` (an executable path and its arguments) in a new terminal.
    ///
    /// - Parameter home: the `HOME` folder to use; a new temporary folder when `nil`. A folder
    ///   passed in is left in place by ``close()``.
    /// - Throws: ``Failure`` when tmux is missing or the session cannot start.
    init(_ arguments: [String], home: URL? = nil, environment: [String: String] = [:]) throws {
        tmuxURL = try Self.findTmux()
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
        try "set -g remain-on-exit on\nset -g default-terminal xterm-256color\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
        var variables = ["HOME": self.home.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        do {
            try tmux(["-f", configuration.path, "new-session", "-d", "-s", sessionName, "-x", "120", "-y", "40",
                      "env", "-u", "REDIS_TRIB_HISTFILE", "-u", "NO_COLOR"] + assignments + arguments)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Kills the terminal and what runs in it, and removes the temporary `HOME` it made.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = try? tmux(["kill-server"])
        unlink(socketPath)
        try? FileManager.default.removeItem(at: configuration)
        if ownsHome {
            try? FileManager.default.removeItem(at: home)
        }
    }

    /// Sends keys by tmux name: `"Enter"`, `"Tab"`, `"C-c"`, `"C-d"`, `"Up"`.
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", sessionName] + keys)
    }

    /// Types `text` literally (no key names).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", sessionName, "-l", text])
    }

    /// The visible screen, one string a row, without trailing spaces or empty rows at the end.
    func screen() throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", sessionName])
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
            let rows = try screen()
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
    func hasExited() throws -> Bool {
        try tmux(["display-message", "-p", "-t", sessionName, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Waits until the command ends.
    ///
    /// Records an issue when a signal ended the command: tmux then leaves the exit status empty,
    /// which would otherwise read as "no status recorded" (`nil`).
    ///
    /// - Returns: its exit status, or `nil` when tmux did not record one.
    func waitForExit(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        // tmux marks the pane dead a moment before it records the exit status, and now and then
        // records none at all: wait a little for it, then report it as unknown (nil).
        var deadSince: ContinuousClock.Instant?
        while true {
            if try hasExited() {
                // `pane_dead_signal` (tmux 3.3 and later; an unknown variable expands to nothing) is
                // the number of the signal that ended the command, empty when it exited.
                let fields = try tmux(["display-message", "-p", "-t", sessionName, "#{pane_dead_status}|#{pane_dead_signal}"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                    .split(separator: "|", omittingEmptySubsequences: false)
                let status = fields.first.map(String.init) ?? ""
                let signal = fields.count > 1 ? String(fields[1]) : ""
                if !signal.isEmpty, signal != "0" {
                    Issue.record("the command was killed by signal \(signal)", sourceLocation: sourceLocation)
                    return nil
                }
                if let code = Int32(status) { return code }
                let since = deadSince ?? clock.now
                deadSince = since
                if clock.now - since > .seconds(1) { return nil }
            }
            guard clock.now < deadline else {
                throw Failure(description: "timed out waiting for the command to end; the screen was:\n" + (try screen()).joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: - tmux

    /// Runs tmux on the session's server and returns what it printed.
    ///
    /// Spawned with every signal unblocked and at its default action: a test runs on a thread
    /// that blocks most signals, and a tmux server inheriting that mask never hears of its panes
    /// ending (SIGCHLD) nor of being told to stop.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName)-\(UUID().uuidString).out").path
        let errorPath = outputPath + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&fileActions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([tmuxURL.path, "-S", socketPath] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var processID: pid_t = 0
        let spawnError = posix_spawn(&processID, tmuxURL.path, &fileActions, &attributes, argv, environment)
        guard spawnError == 0 else {
            throw Failure(description: "cannot start tmux: \(String(cString: strerror(spawnError)))")
        }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0: the low 7 bits are the signal (none), the next 8 the status.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed: \(errors)")
        }
        return output
    }

    private static func findTmux() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("tmux")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw Failure(description: "tmux is not installed; the terminal tests need it (scripts/test installs it, or: apt-get install tmux)")
    }

    private static func makeTemporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redis-trib-shell-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
