import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// `redis-trib`: reads the command line, picks the mode (one command, a script, piped statements,
/// the shell) and runs it.
public enum CommandLineTool {
    /// Runs the process's command line and exits with its status (``ExitStatus``).
    ///
    /// On the main actor, as `@main` is, so that no hop to another executor (which starts
    /// threads and opens descriptors) comes before the standard descriptors are secured.
    @MainActor
    public static func main() async -> Never {
        let descriptors = StandardDescriptors.secure()
        // A closed reader (`| head`) makes writes fail with EPIPE, which ConsoleStream drops, instead of killing the process.
        ConsoleStream.ignoreBrokenPipes()
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(await run(arguments, descriptors: descriptors).code)
    }

    /// Runs one command line (the words after the program's name).
    static func run(_ arguments: [String], descriptors: StandardDescriptors) async -> ExitStatus {
        var globals: GlobalOptions
        let rest: [String]
        do {
            (globals, rest) = try GlobalOptions.extract(from: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            OutputRenderer(json: arguments.contains("--json")).render(error)
            return ExitStatus(for: error)
        }
        if globals.version {
            ConsoleStream.output.writeLine(RedisTrib.version)
            return .success
        }
        globals.settlePassword()
        let context = ToolCommand.Context(
            globals: globals, output: OutputRenderer(json: globals.json, dryRun: globals.dryRun), descriptors: descriptors
        )
        if let statements = globals.statements {
            return await ScriptRunner(globals: globals).run(name: "-c", text: statements, arguments: rest)
        }
        guard let name = rest.first else {
            if globals.help {
                ConsoleStream.output.writeLine(HelpText.overview())
                return .success
            }
            return await shell(context, node: globals.uri?.address)
        }
        if let command = ToolCommand.named(name) {
            if globals.help, let help = HelpText.topic(command.name) {
                ConsoleStream.output.writeLine(help)
                return .success
            }
            return await command.run(context, Array(rest.dropFirst()))
        }
        guard let signature = CommandCatalog.command(named: name) else {
            // `#!/usr/bin/env redis-trib` runs `redis-trib FILE ARG…`.
            if FileManager.default.fileExists(atPath: name) {
                return await runScript(path: name, arguments: Array(rest.dropFirst()), context: context)
            }
            return context.fail(unknownCommand(name))
        }
        if globals.help {
            ConsoleStream.output.writeLine(HelpText.command(signature))
            return .success
        }
        var words = Array(rest.dropFirst())
        // `-u`'s node stands for the cluster node a command leaves out, as `connect` does in a script.
        if let uri = globals.uri, signature.omitsCluster(in: words) {
            words.insert(uri.address.description, at: 0)
        }
        var commandArguments: CommandArguments
        do {
            commandArguments = try CommandArguments(parsing: words, for: signature)
        } catch {
            return context.fail(error)
        }
        commandArguments.defaultCluster = globals.uri?.address
        commandArguments.passwordPrompt = { prompt in PasswordReader.read(prompt: prompt) }
        let checked = commandArguments
        let operators = OperatorCache(globals: globals)
        let trib: ClusterOperator
        do {
            trib = try operators.makeOperator(for: checked)
        } catch {
            return context.fail(error)
        }
        let outcome = await CancellableRun.run(output: context.output) { () async throws(TribError) -> CommandOutput in
            try await signature.run(trib, checked)
        }
        await operators.closeAll()
        switch outcome.result {
        case .success(let output):
            context.output.render(output, command: signature.name)
            return outcome.exitStatus(otherwise: ExitStatus(for: output))
        case .failure(let error):
            context.output.render(error)
            return outcome.exitStatus(otherwise: ExitStatus(for: error))
        }
    }

    static func runScript(path: String, arguments: [String], context: ToolCommand.Context) async -> ExitStatus {
        switch ScriptRunner.read(path) {
        case .success(let text):
            return await ScriptRunner(globals: context.globals).run(name: path, text: text, arguments: arguments)
        case .failure(let error):
            return context.fail(error)
        }
    }

    /// The interactive shell on a terminal; the same language run statement by statement as it
    /// arrives when input is piped.
    static func shell(_ context: ToolCommand.Context, node: NodeAddress?) async -> ExitStatus {
        let prelude = node.map { "connect \($0)\n" } ?? ""
        if context.descriptors.closed.contains(STDIN_FILENO) {
            return context.fail(TribError(.usage, "standard input is closed: there are no statements to read"))
        }
        guard isatty(0) == 1 else {
            var input = InputLineReader(descriptor: STDIN_FILENO, name: "standard input")
            return await ScriptRunner(globals: context.globals).runStream(&input, prelude: prelude.isEmpty ? nil : prelude)
        }
        let operators = OperatorCache(globals: context.globals)
        let interpreter = operators.makeInterpreter()
        if !prelude.isEmpty {
            _ = await interpreter.run(SourceFile(name: "<connect>", text: prelude))
        }
        let handler = InterpreterShellHandler(interpreter: interpreter, output: context.output)
        let ran = await InteractiveShell(handler: handler).run()
        await operators.closeAll()
        // A line editor that could not start was reported as an error; `exit STATUS` gives its status.
        return ran ? handler.exitStatus ?? .success : .failure
    }

    static func unknownCommand(_ name: String) -> TribError {
        let names = CommandCatalog.allNames + ToolCommand.all.map(\.name)
        return TribError(.usage, "unknown command '\(name)'\(HelpText.didYouMean(name, among: names)) (redis-trib help lists them)")
    }
}
