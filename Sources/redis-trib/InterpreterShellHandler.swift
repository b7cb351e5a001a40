import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// Connects the interactive shell to the interpreter: prompt, completion, `help`, `exit`.
final class InterpreterShellHandler: ShellHandler {
    let interpreter: Interpreter

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    var prompt: String {
        interpreter.defaultCluster.map { "redis-trib \($0)> " } ?? "redis-trib> "
    }

    func handle(_ text: String) async -> ShellAction {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        switch words.first {
        case "exit" where words.count == 1, "quit" where words.count == 1:
            return .exit
        case "help" where words.count <= 2:
            if words.count == 1 {
                ConsoleStream.output.writeLine(HelpText.overview(shell: true))
            } else if let help = HelpText.topic(words[1]) {
                ConsoleStream.output.writeLine(help)
            } else {
                ConsoleStream.error.writeLine("help: " + TerminalText.escapingControls(HelpText.unknownTopic(words[1])))
            }
            return .keepReading
        default:
            _ = await interpreter.run(SourceFile(name: "<repl>", text: text))
            return .keepReading
        }
    }

    func completions(for word: String, lineBeforeCursor: String) -> [String] {
        if word.hasPrefix("$") {
            if let dot = word.lastIndex(of: ".") {
                let base = word[...dot]
                return Interpreter.nodeAttributes.map { base + $0 }.filter { $0.hasPrefix(word) }
            }
            return interpreter.variableNames.map { "$" + $0 }.filter { $0.hasPrefix(word) }
        }
        let before = lineBeforeCursor.dropLast(word.count)
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        let statementStart = before.allSatisfy(\.isWhitespace) || trimmed.hasSuffix("{") || trimmed.hasSuffix(";")
        var candidates: [String]
        if statementStart {
            candidates = CommandCatalog.commands.map(\.name) + Interpreter.keywords + Builtin.allNames + ["help", "exit", "quit"]
        } else {
            let statement = before.split(whereSeparator: { $0 == ";" || $0 == "{" }).last ?? ""
            let command = statement.split(whereSeparator: \.isWhitespace).first.map(String.init)
            if command == "help" {
                return (CommandCatalog.commands.map(\.name) + Builtin.allNames).filter { $0.hasPrefix(word) }.sorted()
            }
            candidates = Builtin.allNames + Interpreter.keywords
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
