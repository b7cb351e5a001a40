import Foundation
import RedisTrib
import TribLanguage
import TribRuntime
import TribShell

extension ScriptRunner {
    /// The most bytes of one statement spread over several lines (an open `{`, `(` or string)
    /// read before it must be complete (1 MiB).
    static let maximumStatementBytes = 1 << 20
    /// Failing statements after which piped input stops even with `--keep-going`, so that garbage
    /// gives a screenful of errors, not one per line.
    static let maximumFailures = 100

    /// Runs piped input statement by statement as its lines arrive: a line that completes a
    /// statement (no `{`, `(`, `[`, `${` or string left open) runs at once, so `yes 'echo y' |`
    /// prints as it reads, in bounded memory. Line numbers count from the first line of the input.
    ///
    /// Returns the exit status: success; after a failing statement (the first, unless
    /// `--keep-going`) the status of the first error (``ExitStatus/init(for:)-(ScriptOutcome)``); bad
    /// usage when the input cannot be read (closed, a directory, a line or statement too long); or
    /// that of the signal that stopped it (Ctrl-C, SIGTERM, SIGHUP). Once
    /// standard output is closed (`| head`), the statement running finishes and no other starts.
    func runStream(_ input: inout InputLineReader, prelude: String?) async -> ExitStatus {
        let renderer = output
        if let problem = input.unreadable() {
            renderer.render(problem)
            return ExitStatus(for: problem)
        }
        let operators = OperatorCache(globals: globals)
        let interpreter = operators.makeInterpreter(keepGoing: globals.keepGoing)
        var failures = 0
        var status = ExitStatus.success
        /// Runs one complete piece of the input; whether to go on.
        func run(_ text: String, firstLine: Int, name: String = "<stdin>") async -> Bool {
            let source = SourceFile(name: name, text: text, firstLine: firstLine)
            let ok = await CancellableRun.run(output: renderer) { () async throws(TribError) -> ScriptOutcome in
                await interpreter.run(source)
            }
            // Nobody reads the results any more (`| head`): the statement that ran finished, no more start.
            if ConsoleStream.output.isClosed { return false }
            if let stop = ok.stoppedBy {
                status = .stopped(by: stop)
                return false
            }
            let outcome = try? ok.result.get()
            // `exit N` ends the input with its status, unless an error came first (`--keep-going`).
            if let outcome, outcome.exited {
                if status == .success {
                    status = ExitStatus(for: outcome)
                }
                return false
            }
            if outcome?.succeeded == true { return true }
            // The first error decides, as in a script file.
            if status == .success {
                status = outcome.map(ExitStatus.init(for:)) ?? .failure
            }
            failures += 1
            if failures >= Self.maximumFailures {
                renderer.render(TribError(.usage, "stopping after \(failures) failing statements of \(input.name)"))
                return false
            }
            return globals.keepGoing && !ok.result.isCancelled
        }
        if let prelude, !(await run(prelude, firstLine: 1, name: "<connect>")) {
            await operators.closeAll()
            return status
        }
        var pending = ""
        var firstLine = 1
        var checkedSize = 0
        while true {
            let line: String?
            do {
                line = try input.nextLine()
            } catch {
                renderer.render(error)
                await operators.closeAll()
                return ExitStatus(for: error)
            }
            guard let line else { break }
            if pending.isEmpty {
                firstLine = input.lineNumber
            }
            pending += line + "\n"
            let size = pending.utf8.count
            if size > Self.maximumStatementBytes {
                let error = TribError(
                    .usage,
                    "the statement from line \(firstLine) of \(input.name) is still open after \(Self.maximumStatementBytes.grouped) bytes"
                )
                renderer.render(error)
                await operators.closeAll()
                return ExitStatus(for: error)
            }
            // Lexing the whole pending text after every line is quadratic in a long block; past
            // 64 KiB it is checked again only once it grew by an eighth.
            guard size < 64 << 10 || size >= checkedSize + checkedSize / 8 else { continue }
            checkedSize = size
            guard !Parser.isIncomplete(pending) else { continue }
            let text = pending
            pending = ""
            checkedSize = 0
            guard await run(text, firstLine: firstLine) else {
                await operators.closeAll()
                return status
            }
        }
        if !pending.isEmpty {
            _ = await run(pending, firstLine: firstLine)
        }
        await operators.closeAll()
        return status
    }
}

extension Result where Failure == TribError {
    /// Whether the run ended because the user stopped it.
    fileprivate var isCancelled: Bool {
        if case .failure(let error) = self { return error.code == .cancelled }
        return false
    }
}
