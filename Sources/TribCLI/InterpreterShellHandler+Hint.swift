import TribCommands
import TribLanguage
import TribRuntime

extension InterpreterShellHandler {
    /// The rest of what the statement being typed takes, from the same declarations as completion
    /// and `help`: inside a call, the builtin's, function's or command's usage (`sort(list, [by])`);
    /// after a command and a space, its parameters not yet given and its options
    /// (`SLOT… [--replace] …`); after a keyword, its form. Nothing in the middle of a word.
    func hint(lineBeforeCursor line: String) -> String? {
        if let call = Self.openCall(in: line) {
            if let builtin = Builtin(named: call) { return builtin.usage(calledAs: call) }
            if let function = interpreter.function(named: call) { return function.definition.usage }
            if let signature = CommandCatalog.command(named: call) { return signature.usage }
            return nil
        }
        guard line.last?.isWhitespace == true else { return nil }
        let statement = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "{" || $0 == "}" }).last ?? ""
        let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { return nil }
        if let signature = CommandCatalog.command(named: name) {
            let given = words.dropFirst().filter { !$0.hasPrefix("-") }.count
            var rest: [String] = []
            var positional = 0
            for parameter in signature.parameters {
                positional += 1
                guard positional > given || parameter.isVariadic else { continue }
                let text = parameter.isVariadic ? "\(parameter.name)…" : parameter.name
                rest.append(parameter.isOptional ? "[\(text)]" : text)
            }
            let options = signature.options.map { "[\($0.name)\($0.placeholder.map { " " + $0 } ?? "")]\($0.isRepeatable ? "…" : "")" }
            let hint = (rest + options).joined(separator: " ")
            return hint.isEmpty ? nil : hint
        }
        if words.count == 1, let keyword = Keyword(rawValue: name), !keyword.isLiteral {
            return keyword.usage
        }
        if words.count == 1, let function = interpreter.function(named: name) {
            return function.definition.parameters.map { $0.name }.joined(separator: " ")
        }
        return nil
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
