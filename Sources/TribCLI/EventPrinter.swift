import Foundation
import RESP
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// Prints what scripts and the shell produce: results on stdout, diagnostics on stderr, as text or
/// JSON lines. Dry-run changes are printed as they are planned.
struct EventPrinter: Sendable {
    let output: OutputRenderer
    let verbose: Bool

    var json: Bool { output.json }

    func print(_ event: RuntimeEvent) {
        switch event {
        case .echo(let text):
            for text in lines(echoing: text) {
                ConsoleStream.output.writeLine(text)
            }
        case .output(let result, let command):
            output.render(result, command: command)
        case .value(let value):
            for text in lines(showing: value) {
                ConsoleStream.output.writeLine(text)
            }
        case .connected(let address, let nodes):
            json
                ? line(["connected": address.description, "nodes": nodes.count])
                : ConsoleStream.output.writeLine("connected to \(address) (\(nodes.count) nodes)")
        case .running(let command):
            if verbose {
                output.render(trace: "running " + command)
            }
        case .diagnostic(let diagnostic, let file):
            if json {
                let record = DiagnosticRecord(diagnostic, file: file.name)
                ConsoleStream.error.writeLine(OutputRenderer.jsonLine(encoding: ["diagnostic": record]))
            } else {
                // The quoted line may carry a password (`execute … CONFIG SET requirepass pw`): masked.
                let renderer = DiagnosticRenderer { RedisCommand.maskingSecrets(inLine: $0) }
                ConsoleStream.error.writeLine(renderer.render(diagnostic, in: file))
            }
        }
    }

    /// A change a dry run would make, or the plan `fix` or the layout `create` is about to carry out.
    func print(_ event: OperationEvent) {
        switch event {
        case .wouldSend(let node, let command):
            // `command.description` hides passwords.
            json
                ? line(["would_send": ["node": node.description, "command": command.description]])
                : ConsoleStream.output.writeLine("would send to \(node): " + TerminalText.escapingControls(command.description))
        case .wouldChange(let change):
            json ? line(["would_change": change]) : ConsoleStream.output.writeLine("would " + TerminalText.escapingControls(change))
        case .fixPlanned(let plan):
            // With --json the plan is in the result's object.
            guard !json else { return }
            for text in CommandCatalog.fixPlanLines(plan) {
                ConsoleStream.output.writeLine(TerminalText.escapingControls(text))
            }
        case .slotsPlanned(let plan):
            // With --json the plan is in the result's object.
            guard !json else { return }
            for text in CommandCatalog.slotPlanMoveLines(plan) {
                ConsoleStream.output.writeLine(TerminalText.escapingControls(text))
            }
        case .layoutPlanned(let layout):
            // With --json the layout is in the result's object.
            guard !json else { return }
            for text in CommandCatalog.layoutLines(layout) {
                ConsoleStream.output.writeLine(TerminalText.escapingControls(text))
            }
        default:
            return
        }
    }

    /// How `echo` prints its text: as it is, but that an escape sequence is shown, not obeyed (what it
    /// writes may hold a key or a reply of a server); with `--json`, one line `{"echo": …}`.
    func lines(echoing text: String) -> [String] {
        json ? [OutputRenderer.jsonLine(["echo": text])] : [TerminalText.escapingControls(text)]
    }

    /// How a statement's value prints: with `--json`, one line `{"value": …}`; as text, a list of
    /// nodes, maps or replies, or a map, as a table (``ValueTable``), a string as its text, as `echo`
    /// writes it, anything else as the REPL writes it (`["a", 127.0.0.1:7000]`), with quotes where
    /// they tell a string from a word. A value may come from a server: its escape sequences are
    /// shown, not obeyed (line feeds and tabs stay as they are).
    func lines(showing value: Value) -> [String] {
        if json { return [OutputRenderer.jsonLine(["value": value.jsonObject])] }
        if let table = ValueTable(value) { return table.lines }
        if case .string(let text) = value { return [TerminalText.escapingControls(text)] }
        return [TerminalText.escapingControls(value.description)]
    }

    private func line(_ object: [String: Any]) {
        ConsoleStream.output.writeLine(OutputRenderer.jsonLine(object))
    }
}
