import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// `redis-trib`: one command from the command line.
@main
enum RedisTribMain {
    static func main() async {
        let descriptors = StandardDescriptors.secure()
        // A closed reader (`| head`) makes writes fail with EPIPE, which ConsoleStream drops, instead of killing the process.
        ConsoleStream.ignoreBrokenPipes()
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(await run(arguments, descriptors: descriptors))
    }

    /// Runs one command line; returns the exit status (0 success, 1 failure, 2 usage).
    static func run(_ arguments: [String], descriptors: StandardDescriptors) async -> Int32 {
        var globals: GlobalOptions
        let rest: [String]
        do {
            (globals, rest) = try GlobalOptions.extract(from: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            OutputRenderer(json: arguments.contains("--json")).render(error)
            return 2
        }
        let renderer = OutputRenderer(json: globals.json, dryRun: globals.dryRun)
        if globals.version {
            ConsoleStream.output.writeLine(RedisTrib.version)
            return 0
        }
        globals.settlePassword()
        if let statements = globals.statements {
            return await ScriptRunner(globals: globals).run(name: "-c", text: statements, arguments: rest)
        }
        guard let name = rest.first else {
            if globals.help {
                ConsoleStream.output.writeLine(HelpText.overview())
                return 0
            }
            return await shell(globals, node: nil, descriptors: descriptors)
        }
        switch name {
        case "help":
            guard rest.count > 1 else {
                ConsoleStream.output.writeLine(HelpText.overview())
                return 0
            }
            guard let help = HelpText.topic(rest[1]) else {
                renderer.render(TribError(.usage, HelpText.unknownTopic(rest[1]) + " (redis-trib help lists the commands)"))
                return 2
            }
            ConsoleStream.output.writeLine(help)
            return 0
        case "shell":
            guard rest.count <= 2 else {
                renderer.render(TribError(.usage, "unexpected argument '\(rest[2])' (usage: shell [NODE])"))
                return 2
            }
            var node: NodeAddress?
            if rest.count == 2 {
                do {
                    node = try NodeAddress(parsing: rest[1])
                } catch {
                    renderer.render(TribError(.usage, "NODE: \(error.description)"))
                    return 2
                }
            }
            return await shell(globals, node: node, descriptors: descriptors)
        case "run":
            guard rest.count >= 2 else {
                renderer.render(TribError(.usage, "missing FILE: the script to run (usage: run FILE [ARG…])"))
                return 2
            }
            return await runScript(path: rest[1], arguments: Array(rest.dropFirst(2)), globals: globals, renderer: renderer)
        default:
            break
        }
        guard let signature = CommandCatalog.command(named: name) else {
            // `#!/usr/bin/env redis-trib` runs `redis-trib FILE ARG…`.
            if FileManager.default.fileExists(atPath: name) {
                return await runScript(path: name, arguments: Array(rest.dropFirst()), globals: globals, renderer: renderer)
            }
            renderer.render(unknownCommand(name))
            return 2
        }
        if globals.help {
            ConsoleStream.output.writeLine(HelpText.command(signature))
            return 0
        }
        let commandArguments: CommandArguments
        do {
            commandArguments = try CommandArguments(parsing: Array(rest.dropFirst()), for: signature)
        } catch {
            renderer.render(error)
            return 2
        }
        let operators = OperatorCache(globals: globals)
        let trib = operators.makeOperator(for: commandArguments)
        let outcome = await CancellableRun.run { () async throws(TribError) -> CommandOutput in
            try await signature.run(trib, commandArguments)
        }
        await operators.closeAll()
        switch outcome.result {
        case .success(let output):
            renderer.render(output, command: signature.name)
            return outcome.exitStatus(otherwise: 0)
        case .failure(let error):
            renderer.render(error)
            return outcome.exitStatus(otherwise: error.code == TribError.Code.usage || error.code == TribError.Code.invalidArgument ? 2 : 1)
        }
    }

    static func runScript(path: String, arguments: [String], globals: GlobalOptions, renderer: OutputRenderer) async -> Int32 {
        switch ScriptRunner.read(path) {
        case .success(let text):
            return await ScriptRunner(globals: globals).run(name: path, text: text, arguments: arguments)
        case .failure(let error):
            renderer.render(error)
            return 2
        }
    }

    /// The interactive shell on a terminal; the same language run statement by statement as it
    /// arrives when input is piped.
    static func shell(_ globals: GlobalOptions, node: NodeAddress?, descriptors: StandardDescriptors) async -> Int32 {
        let prelude = node.map { "connect \($0)\n" } ?? ""
        if descriptors.closed.contains(STDIN_FILENO) {
            OutputRenderer(json: globals.json).render(TribError(.usage, "standard input is closed: there are no statements to read"))
            return 2
        }
        guard isatty(0) == 1 else {
            var input = InputLineReader(descriptor: STDIN_FILENO, name: "standard input")
            return await ScriptRunner(globals: globals).runStream(&input, prelude: prelude.isEmpty ? nil : prelude)
        }
        let operators = OperatorCache(globals: globals)
        let interpreter = operators.makeInterpreter()
        if !prelude.isEmpty {
            _ = await interpreter.run(SourceFile(name: "<connect>", text: prelude))
        }
        await InteractiveShell(handler: InterpreterShellHandler(interpreter: interpreter)).run()
        await operators.closeAll()
        return 0
    }

    static func unknownCommand(_ name: String) -> TribError {
        TribError(.usage, "unknown command '\(name)'\(HelpText.didYouMean(name)) (redis-trib help lists them)")
    }
}
