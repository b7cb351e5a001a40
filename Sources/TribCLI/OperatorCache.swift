import Foundation
import Logging
import RESP
import RedisTrib
import Synchronization
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// A cache of ``ClusterOperator``s: the one for each command, made from the global options and the command's own
/// options (`--replace`, `--parallel`, `--atomic`, …, set by ``CommandArguments/applyingOptions(to:)``), reusing
/// one per combination so a script's commands share connections. What the operators and interpreters report goes to one ``EventPrinter``.
final class OperatorCache: Sendable {
    private let globals: GlobalOptions
    private let printer: EventPrinter
    private let operators = Mutex<[String: ClusterOperator]>([:])

    init(globals: GlobalOptions) {
        self.globals = globals
        self.printer = EventPrinter(output: OutputRenderer(json: globals.json, dryRun: globals.dryRun), verbose: globals.verbose)
    }

    /// - Throws: ``TribError`` when a script's `connect "rediss://…"` asks for TLS and TLS cannot be set up:
    ///   never plain text instead.
    func makeOperator(for arguments: CommandArguments) throws(TribError) -> ClusterOperator {
        let key = arguments.optionFingerprint
        if let existing = operators.withLock({ $0[key] }) {
            return existing
        }
        let options = try operationOptions(arguments)
        return operators.withLock { cache in
            if let existing = cache[key] { return existing }
            let created = ClusterOperator(options: options)
            cache[key] = created
            return created
        }
    }

    /// The TLS of a command: the command line's, also for a script's `connect "rediss://…"`, which without
    /// `--tls` trusts the system's CAs.
    private func tls(for arguments: CommandArguments) throws(TribError) -> TLSOptions? {
        guard let login = arguments.login, login.tls, globals.tls == nil else { return globals.tls }
        do {
            return try TLSOptions()
        } catch {
            throw TribError(.invalidArgument, "\(login): cannot set up TLS: \(error.description)")
        }
    }

    /// An interpreter whose commands run on this cache's operators and whose events the printer shows.
    func makeInterpreter(arguments: [String] = [], keepGoing: Bool = false) -> Interpreter {
        let printer = self.printer
        let interpreter = Interpreter(
            backend: OperatorBackend { _, commandArguments throws(TribError) in try self.makeOperator(for: commandArguments) },
            arguments: arguments,
            keepGoing: keepGoing,
            maximumLoopIterations: globals.maximumLoopIterations ?? Interpreter.defaultMaximumLoopIterations,
            dryRun: globals.dryRun,
            events: { printer.print($0) }
        )
        interpreter.defaultCluster = globals.uri?.address
        return interpreter
    }

    func closeAll() async {
        let all = operators.withLock { cache in
            let values = Array(cache.values)
            cache.removeAll()
            return values
        }
        for trib in all {
            await trib.close()
        }
    }

    private func operationOptions(_ arguments: CommandArguments) throws(TribError) -> OperationOptions {
        let verbose = globals.verbose
        let connection = ConnectionOptions(
            connectTimeout: globals.connectTimeout,
            commandTimeout: globals.commandTimeout,
            // A script's `connect "redis://user:pass@…"` stands in for the command line's credentials.
            // A string without them (given for TLS, say) keeps the command line's.
            username: arguments.login?.username ?? globals.username,
            password: arguments.login?.password ?? globals.password,
            tls: try tls(for: arguments),
            logger: verbose ? VerboseLogHandler.logger(output: printer.output) : ConnectionOptions.silentLogger
        )
        // Slot moves show progress: a bar on a terminal (not under -v, whose lines would break it), JSON with --json.
        let progress = ProgressRenderer(json: globals.json, terminal: isatty(2) == 1 && !verbose)
        let printer = self.printer
        let base = OperationOptions(
            connection: connection,
            waitTimeout: globals.waitTimeout,
            dryRun: globals.dryRun,
            events: { event in
                progress.handle(event)
                if verbose, case .step(let text) = event {
                    printer.output.render(trace: text)
                }
                printer.print(event)
            }
        )
        return arguments.applyingOptions(to: base)
    }
}
