import Foundation
import RESP

#if canImport(Glibc)
import Glibc
#endif

/// The built `redis-trib` run with `-v`, its standard error (every command it sends, one line each)
/// read as it grows, so a test can act at a chosen step: kill the tool, or a node.
final class WatchedTrib {
    private let running: TribProcess
    private let reader: FileHandle
    private var pending = ""
    /// Every line of standard error read so far.
    private(set) var lines: [String] = []

    /// Starts `redis-trib -v ARGUMENTS…`.
    init(_ arguments: [String]) throws {
        running = try TribProcess.start(["-v"] + arguments)
        reader = try FileHandle(forReadingFrom: running.errorsFile)
    }

    deinit {
        try? reader.close()
        try? FileManager.default.removeItem(at: running.errorsFile)
    }

    /// Its standard error read so far.
    var transcript: String { (lines + [pending]).joined(separator: "\n") }

    /// The last `count` lines of its standard error read so far: what a failure message quotes.
    func lastLines(_ count: Int = 15) -> String { (lines + [pending]).suffix(count).joined(separator: "\n") }

    /// Whether the tool is still running.
    var isRunning: Bool { running.process.isRunning }

    /// How waiting for a line ended.
    enum LineWait: Equatable {
        /// A line satisfied the condition.
        case matched(String)
        /// The tool exited first.
        case exited
        /// Neither happened in time: the tool hangs.
        case timedOut
    }

    /// Reads new lines until one satisfies `condition`, the tool exits, or `timeout` passes.
    func waitForLine(timeout: Duration = .seconds(120), _ condition: (String) -> Bool) async throws -> LineWait {
        let deadline = ContinuousClock.now + timeout
        while true {
            // Whether it had exited before this read: then the read saw everything it wrote.
            let exited = !running.process.isRunning
            for line in readNewLines() where condition(line) {
                return .matched(line)
            }
            if exited { return .exited }
            // Checked after a read: a test starved of time still looks at what arrived meanwhile.
            if ContinuousClock.now >= deadline { return .timedOut }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Sends `signal` to the tool (SIGSTOP to hold it still, SIGCONT to let it go on), while it runs.
    func signal(_ signal: Int32) {
        guard running.process.isRunning else { return }
        Glibc.kill(running.process.processIdentifier, signal)
    }

    /// Sends SIGKILL to the tool and waits until it is gone; whether the signal is what ended it
    /// (`false`: it had exited by itself first).
    @discardableResult
    func kill() -> Bool {
        Glibc.kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        return running.process.terminationReason == .uncaughtSignal
    }

    /// Waits for the tool to exit by itself (up to `timeout`) and returns its status and whole standard error;
    /// `nil` when it is still running then.
    func waitForExit(timeout: Duration = .seconds(180)) async throws -> (status: Int32, err: String)? {
        let deadline = ContinuousClock.now + timeout
        while running.process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            _ = readNewLines()
            try await Task.sleep(for: .milliseconds(20))
        }
        running.process.waitUntilExit()
        _ = readNewLines()
        return (running.process.terminationStatus, transcript)
    }

    /// The complete lines that arrived since the last call: the file read to its current end
    /// (one `availableData` returns at most a block of it).
    private func readNewLines() -> [String] {
        var data = Data()
        var block = reader.availableData
        while !block.isEmpty {
            data += block
            block = reader.availableData
        }
        guard !data.isEmpty else { return [] }
        pending += String(decoding: data, as: UTF8.self)
        var fresh = pending.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        pending = fresh.removeLast()
        lines += fresh
        return fresh
    }
}
