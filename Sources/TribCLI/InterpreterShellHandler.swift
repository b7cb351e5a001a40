import Foundation
import RESP
import RedisTrib
import Synchronization
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// Connects the interactive shell to the interpreter: the prompt, completion, the shell's
/// meta-commands (``ShellMetaCommand``) and the shell's reports, shown by the same renderer as
/// every other message (text, or JSON with `--json`).
final class InterpreterShellHandler: ShellHandler {
    let interpreter: Interpreter
    let output: OutputRenderer
    /// The status of the `exit STATUS` that ended the shell, if one did.
    private let requestedExit = Mutex<ExitStatus?>(nil)

    /// The status of the `exit STATUS` that ended the shell, if one did.
    var exitStatus: ExitStatus? {
        requestedExit.withLock { $0 }
    }

    init(interpreter: Interpreter, output: OutputRenderer) {
        self.interpreter = interpreter
        self.output = output
    }

    var prompt: String {
        interpreter.defaultCluster.map { "redis-trib \($0)> " } ?? "redis-trib> "
    }

    func handle(_ text: String) async -> ShellAction {
        guard let (meta, arguments) = ShellMetaCommand.invoked(by: text) else {
            let outcome = await interpreter.run(SourceFile(name: "<repl>", text: text))
            guard outcome.exited else { return .keepReading }
            requestedExit.withLock { $0 = ExitStatus(for: outcome) }
            return .exit
        }
        switch meta.action {
        case .leave:
            return .exit
        case .showHelp:
            if let name = arguments.first {
                if let function = interpreter.function(named: name) {
                    ConsoleStream.output.writeLine(function.definition.usage + "\n  " + function.summary)
                } else if let help = HelpText.topic(name) {
                    ConsoleStream.output.writeLine(help)
                } else {
                    output.render(TribError(.usage, HelpText.unknownTopic(name)))
                }
            } else {
                ConsoleStream.output.writeLine(HelpText.overview(shell: true, functions: interpreter.definedFunctions))
            }
            return .keepReading
        }
    }

    func report(_ report: ShellReport) {
        output.render(Notice.shell(report))
    }

    func completions(for word: String, lineBeforeCursor: String) -> [String] {
        if word.hasPrefix("$") {
            if let dot = word.lastIndex(of: ".") {
                let base = word[...dot]
                // `$m.`: the attributes of the value the variable holds (a map's keys, a list's `count`…);
                // deeper (`$n.master.`) or an unknown variable, a node's.
                let path = word.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
                let value = path.count == 2 ? interpreter.value(of: String(path[0])) : nil
                let names = value?.attributeNames ?? Interpreter.nodeAttributes
                return names.map { base + $0 }.filter { $0.hasPrefix(word) }
            }
            return interpreter.variableNames.map { "$" + $0 }.filter { $0.hasPrefix(word) }
        }
        let before = lineBeforeCursor.dropLast(word.count)
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        let statementStart = before.allSatisfy(\.isWhitespace) || trimmed.hasSuffix("{") || trimmed.hasSuffix(";")
        var candidates: [String]
        if statementStart {
            candidates =
                CommandCatalog.commands.map(\.name) + Interpreter.keywords + Builtin.allNames + interpreter.functionNames
                + ShellMetaCommand.all.map(\.name)
        } else {
            let statement = before.split(whereSeparator: { $0 == ";" || $0 == "{" }).last ?? ""
            let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
            let command = words.first
            if let meta = ShellMetaCommand.all.first(where: { $0.name == command }), words.count - 1 < meta.arguments.count {
                switch meta.arguments[words.count - 1] {
                case .topic:
                    return HelpText.topicNames.filter { $0.hasPrefix(word) }
                }
            }
            candidates = Builtin.allNames + interpreter.functionNames + Interpreter.keywords
            if let command, let signature = CommandCatalog.command(named: command) {
                candidates += signature.options.map(\.name) + signature.parameters.compactMap(\.optionName)
            }
            for node in interpreter.knownNodes {
                if let address = node.address { candidates.append(address.description) }
                candidates.append(node.id)
            }
        }
        // CompletionEngine drops duplicates and sorts.
        return candidates.filter { $0.hasPrefix(word) && $0 != word }
    }
}
