import Foundation
import RedisTrib
import TribLanguage
import TribRuntime

/// Runs the command language from a file, standard input or `-c`, without prompts or line editing.
struct ScriptRunner {
    let globals: GlobalOptions

    /// How errors and notices are shown.
    var output: OutputRenderer {
        OutputRenderer(json: globals.json, dryRun: globals.dryRun)
    }

    /// Runs `text` as the script `name`; returns the exit status: that of its outcome
    /// (``ExitStatus/init(for:)-(ScriptOutcome)``), or that of the signal that stopped it.
    func run(name: String, text: String, arguments: [String]) async -> ExitStatus {
        let operators = OperatorCache(globals: globals)
        let interpreter = operators.makeInterpreter(arguments: arguments, keepGoing: globals.keepGoing)
        let ran = await CancellableRun.run(output: output) { () async throws(TribError) -> ScriptOutcome in
            await interpreter.run(SourceFile(name: name, text: text))
        }
        await operators.closeAll()
        return ran.exitStatus(otherwise: (try? ran.result.get()).map(ExitStatus.init(for:)) ?? .failure)
    }

    /// Reads a script file, skipping nothing: a `#!` first line is a comment to the language.
    static func read(_ path: String) -> Result<String, TribError> {
        do {
            return .success(try ScriptFile.read(path))
        } catch {
            return .failure(TribError(.usage, "cannot read the script '\(path)': \(error)"))
        }
    }
}
