import Foundation
import RESP
import RedisTrib
import TribLanguage

/// `redis-trib`: one command from the command line.
@main
enum RedisTribMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(await run(arguments))
    }

    /// Runs one command line; returns the exit status (0 success, 1 failure, 2 usage).
    static func run(_ arguments: [String]) async -> Int32 {
        let globals: GlobalOptions
        let rest: [String]
        do {
            (globals, rest) = try GlobalOptions.extract(from: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            OutputRenderer(json: arguments.contains("--json")).render(error)
            return 2
        }
        let renderer = OutputRenderer(json: globals.json)
        if globals.version {
            print(RedisTrib.version)
            return 0
        }
        guard let name = rest.first, name != "help" || rest.count > 1 else {
            print(HelpText.overview())
            return globals.help || rest.first == "help" ? 0 : 2
        }
        if name == "help" {
            guard let signature = CommandCatalog.command(named: rest[1]) else {
                renderer.render(unknownCommand(rest[1]))
                return 2
            }
            print(HelpText.command(signature))
            return 0
        }
        guard let signature = CommandCatalog.command(named: name) else {
            renderer.render(unknownCommand(name))
            return 2
        }
        if globals.help {
            print(HelpText.command(signature))
            return 0
        }
        let commandArguments: CommandArguments
        do {
            commandArguments = try CommandArguments(parsing: Array(rest.dropFirst()), for: signature)
        } catch {
            renderer.render(error)
            return 2
        }
        let trib = ClusterOperator(options: operationOptions(globals, commandArguments))
        let outcome = await CancellableRun.run { () async throws(TribError) -> CommandOutput in
            try await signature.run(trib, commandArguments)
        }
        await trib.close()
        switch outcome {
        case .success(let output):
            renderer.render(output, command: signature.name)
            return 0
        case .failure(let error):
            renderer.render(error)
            return error.code == TribError.Code.usage || error.code == TribError.Code.invalidArgument ? 2 : 1
        }
    }

    static func operationOptions(_ globals: GlobalOptions, _ arguments: CommandArguments) -> OperationOptions {
        var observer: (@Sendable (NodeAddress, RedisCommand) -> Void)?
        var events: (@Sendable (OperationEvent) -> Void)?
        if globals.verbose {
            observer = { node, command in
                FileHandle.standardError.write(Data("[\(node)] \(command)\n".utf8))
            }
            events = { event in
                if case .step(let text) = event {
                    FileHandle.standardError.write(Data("redis-trib: \(text)\n".utf8))
                }
            }
        }
        let connection = ConnectionOptions(
            connectTimeout: globals.connectTimeout,
            commandTimeout: globals.commandTimeout,
            username: globals.username,
            password: globals.password,
            commandObserver: observer
        )
        return OperationOptions(
            connection: connection,
            waitTimeout: globals.waitTimeout,
            replaceBusyKeys: arguments.flag("--replace"),
            force: arguments.flag("--force"),
            keysPerBatch: arguments.integer("--keys-per-batch") ?? 1000,
            events: events
        )
    }

    static func unknownCommand(_ name: String) -> TribError {
        let hint = Suggestion.closest(to: name, among: CommandCatalog.allNames).map { "; did you mean '\($0)'?" } ?? ""
        return TribError(.usage, "unknown command '\(name)'\(hint) (redis-trib help lists them)")
    }
}
