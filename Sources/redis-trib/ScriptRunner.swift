import Foundation
import RedisTrib
import TribLanguage
import TribRuntime

/// Runs the command language from a file, standard input or `-c`, without prompts or line editing.
struct ScriptRunner {
    let globals: GlobalOptions

    /// Runs `text` as the script `name`; returns the exit status (0, 1 after the first error, or 128
    /// plus the number of the signal that stopped it).
    func run(name: String, text: String, arguments: [String]) async -> Int32 {
        let operators = OperatorCache(globals: globals)
        let interpreter = operators.makeInterpreter(arguments: arguments, keepGoing: globals.keepGoing)
        let ok = await CancellableRun.run { () async throws(TribError) -> Bool in
            await interpreter.run(SourceFile(name: name, text: text))
        }
        await operators.closeAll()
        return ok.exitStatus(otherwise: (try? ok.result.get()) == true ? 0 : 1)
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
