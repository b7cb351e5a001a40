import Foundation
import TribLanguage

extension Evaluator {
    /// `source FILE`: parses the file and runs it in the current scope; a file with parse errors
    /// runs nothing. A relative path is read from the including file's folder.
    func source(_ path: TribLanguage.Expression, at range: SourceRange) async throws(RuntimeError) {
        let name = try await evaluate(path).text
        guard sourceDepth < Interpreter.maximumSourceDepth else {
            throw fail(
                .sourceTooDeep,
                "`source` is nested more than \(Interpreter.maximumSourceDepth) files deep; does `\(name)` source itself?",
                at: range
            )
        }
        let resolved = resolve(name)
        let text: String
        do {
            text = try interpreter.fileLoader(resolved)
        } catch {
            throw fail(.cannotReadFile, "cannot read `\(resolved)`: \(Self.reason(error))", at: path.range)
        }
        let included = SourceFile(name: resolved, text: text)
        let script = Parser.parse(included)
        for diagnostic in script.diagnostics {
            emit(.diagnostic(diagnostic, file: included))
        }
        if let error = script.firstError {
            note(.malformed(error))
            throw .reported
        }
        let includer = file
        file = included
        sourceDepth += 1
        defer {
            file = includer
            sourceDepth -= 1
        }
        // `break` and `continue` outside a loop are parse errors, so the flow is always `.next`.
        _ = try await execute(script.statements)
    }

    /// `path` as written when absolute or when the including file has no folder (`<repl>`),
    /// otherwise relative to the including file's folder.
    private func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let slash = file.name.lastIndex(of: "/") else { return path }
        return String(file.name[...slash]) + path
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? ScriptFile.ReadError {
            return error.description
        }
        if let error = error as? CocoaError {
            return error.code == .fileReadNoSuchFile ? "no such file" : error.localizedDescription
        }
        return String(describing: error)
    }
}
