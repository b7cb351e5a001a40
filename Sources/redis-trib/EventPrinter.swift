import Foundation
import RESP
import RedisTrib
import TribLanguage
import TribRuntime

/// Prints what scripts and the shell produce: results on stdout, diagnostics on stderr, as text or
/// JSON lines. Dry-run changes are printed as they are planned.
struct EventPrinter: Sendable {
    let output: OutputRenderer
    let verbose: Bool

    var json: Bool { output.json }

    func print(_ event: RuntimeEvent) {
        switch event {
        case .echo(let text):
            json ? line(["echo": text]) : Swift.print(text)
        case .output(let result, let command):
            output.render(result, command: command)
        case .value(let value):
            json ? line(["value": value.description]) : Swift.print(value.description)
        case .connected(let address, let nodes):
            json ? line(["connected": address.description, "nodes": nodes.count])
                : Swift.print("connected to \(address) (\(nodes.count) nodes)")
        case .running(let command):
            if verbose {
                FileHandle.standardError.write(Data("redis-trib: running \(command)\n".utf8))
            }
        case .diagnostic(let diagnostic, let file):
            if json {
                let record = DiagnosticRecord(diagnostic, file: file.name)
                FileHandle.standardError.write(Data((OutputRenderer.jsonLine(encoding: ["diagnostic": record]) + "\n").utf8))
            } else {
                // The quoted line may carry a password (`execute … CONFIG SET requirepass pw`): masked.
                FileHandle.standardError.write(Data((DiagnosticRenderer().render(diagnostic, in: file.maskingSecrets) + "\n").utf8))
            }
        }
    }

    /// A change a dry run would make.
    func print(_ event: OperationEvent) {
        switch event {
        case .wouldSend(let node, let command):
            // `command.description` hides passwords.
            json ? line(["would_send": ["node": node.description, "command": command.description]])
                : Swift.print("would send to \(node): \(command)")
        case .wouldChange(let change):
            json ? line(["would_change": change]) : Swift.print("would \(change)")
        default:
            return
        }
    }

    private func line(_ object: [String: Any]) {
        Swift.print(OutputRenderer.jsonLine(object))
    }
}
