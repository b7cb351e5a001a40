import TribCommands
import TribLanguage
import TribRuntime

extension InterpreterShellHandler {
    /// The rest of what the statement being typed takes, from the same declarations as completion
    /// and `help`: inside a call, the builtin's, function's or command's usage (`sort(list, [by])`);
    /// after a command and a space, its parameters not yet given and its options not yet given
    /// (``CommandSignature/remainingUsage(after:)``); after a builtin or a function used as a
    /// statement, its parameters not yet given (`sort [3, 1] ` shows `[by]`); after a keyword, its
    /// form. Nothing in the middle of a word.
    func hint(lineBeforeCursor line: String) -> String? {
        if let call = Self.openCall(in: line) {
            if let builtin = Builtin(named: call) { return builtin.usage(calledAs: call) }
            if let function = interpreter.function(named: call) { return function.definition.usage }
            if let signature = CommandCatalog.command(named: call) { return signature.usage }
            return nil
        }
        guard line.last?.isWhitespace == true else { return nil }
        let statement = Self.lastStatement(in: line)
        let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { return nil }
        // As a statement, a command wins over a builtin of the same name (`info NODE` is the command).
        if let signature = CommandCatalog.command(named: name) {
            return signature.remainingUsage(after: Array(words.dropFirst()), defaultCluster: interpreter.defaultCluster != nil)
        }
        if words.count == 1, let keyword = Keyword(rawValue: name), !keyword.isLiteral {
            return keyword.usage
        }
        guard let given = Self.argumentCount(of: name, in: String(statement)) else { return nil }
        if let builtin = Builtin(named: name) {
            return builtin.remainingUsage(afterArguments: given)
        }
        if let function = interpreter.function(named: name) {
            let rest = function.definition.parameters.dropFirst(given).map(\.name)
            return rest.isEmpty ? nil : rest.joined(separator: " ")
        }
        return nil
    }

    /// How many arguments `statement` gives when it is a whole statement calling `name` shell
    /// style (`sort [3, 1, 2] ` gives one); `nil` when it is anything else, or does not parse.
    static func argumentCount(of name: String, in statement: String) -> Int? {
        let script = Parser.parse(statement)
        guard !script.hasErrors, script.statements.count == 1, case .command(let called, let arguments) = script.statements[0].kind,
            called.name == name
        else { return nil }
        return arguments.count
    }

    /// The statement at the end of `line`: what follows the last `;`, `{` or `}` outside a string
    /// (`format "{} slots" ` is one statement).
    static func lastStatement(in line: String) -> Substring {
        var start = line.startIndex
        var inString = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
            } else if character == ";" || character == "{" || character == "}" {
                start = line.index(after: index)
            }
        }
        return line[start...]
    }

    /// The name before the innermost `(` still open at the end of `line`, if a name touches it.
    static func openCall(in line: String) -> String? {
        var depth = 0
        var index = line.endIndex
        while index > line.startIndex {
            index = line.index(before: index)
            switch line[index] {
            case ")": depth += 1
            case "(" where depth > 0: depth -= 1
            case "(":
                let name = line[..<index].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                return name.isEmpty ? nil : String(name.reversed())
            default: break
            }
        }
        return nil
    }
}
