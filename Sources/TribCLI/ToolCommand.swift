import Foundation
import RESP
import RedisTrib
import TribShell

/// A command of the executable itself rather than of the cluster (`help`, `shell`, `run`,
/// `completion`), declared once: the command line dispatches by this table, help lists it and the
/// shell completion scripts offer it.
struct ToolCommand: Sendable {
    /// What a tool command runs with: the global options and how to print.
    struct Context: Sendable {
        var globals: GlobalOptions
        var output: OutputRenderer
        var descriptors: StandardDescriptors
    }

    /// The word that invokes it.
    var name: String
    /// What follows the name, as help shows it: `FILE [ARG…]`.
    var arguments: String
    /// One line of help.
    var summary: String
    /// What completes its first argument in a shell completion script.
    var firstArgument: CompletionScript.ArgumentKind
    /// Runs it with the words after its name.
    var run: @Sendable (Context, [String]) async -> ExitStatus

    /// `run FILE [ARG…]`.
    var usage: String {
        arguments.isEmpty ? name : name + " " + arguments
    }

    /// The tool command named `name`, if any.
    static func named(_ name: String) -> ToolCommand? {
        all.first { $0.name == name }
    }

    /// Every tool command, in the order help lists them.
    static let all: [ToolCommand] = [
        ToolCommand(
            name: "help", arguments: "[NAME]", summary: "this overview, or the help of one command, function, keyword or .attribute", firstArgument: .command
        ) {
            context, words in
            guard let name = words.first else {
                ConsoleStream.output.writeLine(HelpText.overview())
                return .success
            }
            guard let help = HelpText.topic(name) else {
                return context.fail(TribError(.usage, HelpText.unknownTopic(name) + " (redis-trib help lists the commands)"))
            }
            ConsoleStream.output.writeLine(help)
            return .success
        },
        ToolCommand(
            name: "shell", arguments: "[NODE]", summary: "the interactive shell (also: redis-trib alone on a terminal)", firstArgument: .nothing
        ) { context, words in
            guard words.count <= 1 else {
                return context.fail(TribError(.usage, "unexpected argument '\(words[1])' (usage: shell [NODE])"))
            }
            var node: NodeAddress?
            if let word = words.first {
                do throws(NodeAddressError) {
                    node = try NodeAddress(parsing: word)
                } catch {
                    return context.fail(TribError(.usage, "NODE: \(error.description)"))
                }
            }
            return await CommandLineTool.shell(context, node: node)
        },
        ToolCommand(
            name: "run", arguments: "FILE [ARG…]",
            summary: "run a script (or an executable file starting #!/usr/bin/env redis-trib)", firstArgument: .file
        ) { context, words in
            guard let path = words.first else {
                return context.fail(TribError(.usage, "missing FILE: the script to run (usage: run FILE [ARG…])"))
            }
            return await CommandLineTool.runScript(path: path, arguments: Array(words.dropFirst()), context: context)
        },
        ToolCommand(
            name: "completion", arguments: "bash|zsh|fish",
            summary: "print a completion script for the shell (bash: source <(redis-trib completion bash))",
            firstArgument: .choice(CompletionScript.Shell.allCases.map(\.rawValue))
        ) { context, words in
            let usage = "(usage: completion " + CompletionScript.Shell.allCases.map(\.rawValue).joined(separator: "|") + ")"
            guard let word = words.first else {
                return context.fail(TribError(.usage, "missing SHELL: the shell to complete for \(usage)"))
            }
            guard words.count == 1 else {
                return context.fail(TribError(.usage, "unexpected argument '\(words[1])' \(usage)"))
            }
            guard let shell = CompletionScript.Shell(rawValue: word) else {
                return context.fail(TribError(.usage, "no completion for the shell '\(word)' \(usage)"))
            }
            ConsoleStream.output.write(CompletionScript().text(for: shell))
            return .success
        },
    ]
}

extension ToolCommand.Context {
    /// Prints `error` and returns its exit status.
    func fail(_ error: TribError) -> ExitStatus {
        output.render(error)
        return ExitStatus(for: error)
    }
}
