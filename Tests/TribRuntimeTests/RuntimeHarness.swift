import Foundation
import RedisTrib
import Testing
import TribLanguage
import TribRuntime

/// Collects the events of a run, from whatever task sends them.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [RuntimeEvent] = []

    func append(_ event: RuntimeEvent) {
        lock.lock()
        storage.append(event)
        lock.unlock()
    }

    var events: [RuntimeEvent] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// The `echo` lines.
    var echoes: [String] {
        events.compactMap { if case .echo(let line) = $0 { line } else { nil } }
    }

    /// The diagnostics.
    var diagnostics: [Diagnostic] {
        events.compactMap { if case .diagnostic(let diagnostic, _) = $0 { diagnostic } else { nil } }
    }

    /// The names of the files the diagnostics are about, in the same order.
    var diagnosticFiles: [String] {
        events.compactMap { if case .diagnostic(_, let file) = $0 { file.name } else { nil } }
    }

    /// The command lines of `.output` events.
    var outputCommands: [String] {
        events.compactMap { if case .output(_, let command) = $0 { command } else { nil } }
    }

    /// The values of expression statements.
    var values: [Value] {
        events.compactMap { if case .value(let value) = $0 { value } else { nil } }
    }
}

/// An interpreter over a fresh fake cluster, with its event log.
struct RuntimeHarness {
    let backend: FakeClusterBackend
    let log = EventLog()
    let interpreter: Interpreter

    /// - Parameters:
    ///   - files: what the file loader finds, by path; other paths fail as missing.
    init(
        arguments: [String] = [],
        keepGoing: Bool = false,
        maximumLoopIterations: Int = Interpreter.defaultMaximumLoopIterations,
        dryRun: Bool = false,
        files: [String: String] = [:],
        failWhen: @escaping @Sendable (FakeClusterBackend.Call) -> TribError? = { _ in nil }
    ) {
        backend = FakeClusterBackend(failWhen: failWhen)
        let log = self.log
        interpreter = Interpreter(
            backend: backend,
            arguments: arguments,
            keepGoing: keepGoing,
            maximumLoopIterations: maximumLoopIterations,
            dryRun: dryRun,
            fileLoader: { path in
                guard let text = files[path] else { throw MissingFile(path: path) }
                return text
            },
            events: { log.append($0) }
        )
    }

    @discardableResult
    func run(_ text: String, name: String = "test.trib") async -> Bool {
        await interpreter.run(SourceFile(name: name, text: text)).succeeded
    }

    /// Runs and returns the echo lines, expecting no diagnostic.
    func echoes(of text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> [String] {
        let before = log.echoes.count
        let succeeded = await run(text)
        #expect(succeeded, "diagnostics: \(log.diagnostics)", sourceLocation: sourceLocation)
        return Array(log.echoes.dropFirst(before))
    }

    /// Evaluates one expression and returns the text `echo` would print.
    func text(of expression: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> String? {
        await echoes(of: "echo (\(expression))", sourceLocation: sourceLocation).first
    }
}

struct MissingFile: Error, CustomStringConvertible {
    let path: String
    var description: String { "no such file" }
}
