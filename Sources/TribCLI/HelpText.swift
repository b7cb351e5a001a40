import Foundation
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime
import TribShell

/// Help, generated from the command table.
enum HelpText {
    /// `help`: what redis-trib does, how to start it, its commands, options and exit statuses; in
    /// the shell (`shell`), the functions of the language, the session's own (`functions`, defined
    /// with `def`) and the shell's commands instead of the ways to start it and the exit statuses.
    static func overview(shell: Bool = false, functions: [DefinedFunction] = []) -> String {
        var lines = [
            "redis-trib \(RedisTrib.version): build, grow, shrink, repair and inspect Redis and Valkey clusters.",
            "",
        ]
        if shell {
            lines += [
                "In the shell, every command is a statement with the same arguments; `connect NODE` sets the",
                "cluster that commands and masters()/replicas()/nodes() use by default. `help NAME` shows one",
                "command or function; docs/LANGUAGE.md describes the language. Ctrl-C stops a running command, Ctrl-D leaves.",
                "",
            ]
        } else {
            let usages = ["COMMAND ARGUMENTS…"] + ToolCommand.all.map(\.usage) + ["-c 'STATEMENTS'"]
            let summaries =
                ["a command of the list below"] + ToolCommand.all.map(\.summary) + ["run statements (statements on standard input work too)"]
            lines += table(zip(usages.map { "redis-trib [OPTIONS] " + $0 }, summaries), title: "USAGE")
        }
        for group in CommandGroup.allCases {
            lines += table(
                CommandCatalog.commands.filter { $0.group == group }.map { command in
                    (command.name, command.summary + (command.aliases.isEmpty ? "" : " (alias: \(command.aliases.joined(separator: ", ")))"))
                },
                title: group.title
            )
        }
        lines += table(
            CommandCatalog.commands.compactMap { command in command.redisCLIName.map { ($0, command.name) } },
            title: "REDIS-CLI --CLUSTER NAMES (the same arguments; redis-cli's --cluster-* options too)"
        )
        if shell {
            lines += table(Builtin.allCases.map { ($0.usages.joined(separator: ", "), $0.summary) }, title: "FUNCTIONS")
            if !functions.isEmpty {
                lines += table(functions.map { ($0.definition.usage, $0.summary) }, title: "YOUR FUNCTIONS (def)")
            }
            lines += table(ShellMetaCommand.all.map { ($0.usage, $0.summary) }, title: "SHELL COMMANDS")
        }
        lines += table(GlobalOption.all.map { ($0.usage, $0.summary) }, title: "OPTIONS")
        if !shell {
            lines += table(ExitStatus.documented.map { ($0.status, $0.meaning) }, title: "EXIT STATUS")
        }
        lines.append("Addresses are HOST:PORT, IPv6 as [::1]:7000. Slots are 5 or ranges 4-7.")
        lines.append("A node may also be given by its id, or a unique prefix of 8+ hex digits, looked up in the cluster given or connected.")
        return lines.joined(separator: "\n")
    }

    /// `TITLE:` and the rows in two columns, the second aligned, and an empty line.
    private static func table(_ rows: some Sequence<(String, String)>, title: String) -> [String] {
        let rows = Array(rows)
        let width = rows.map { TerminalText.width(of: $0.0) }.max() ?? 0
        return ["\(title):"] + rows.map { "  " + TerminalText.padding($0.0, toWidth: width + 2) + $0.1 } + [""]
    }

    static func command(_ signature: CommandSignature) -> String {
        var lines = ["redis-trib \(signature.usage)", "", signature.summary]
        lines.append(
            signature.changesCluster
                ? "It changes the cluster; with --dry-run it shows what it would send and changes nothing."
                : "It only reads the cluster."
        )
        if !signature.aliases.isEmpty {
            lines.append("Also: \(signature.aliases.joined(separator: ", ")).")
        }
        lines.append("")
        let entries =
            signature.parameters.map { parameter in
                var summary = parameter.summary
                if case .integer(let range) = parameter.kind { summary += " [\(OptionLimits.describe(range))]" }
                return (parameter.name + (parameter.optionName.map { " (or \($0) \(parameter.name))" } ?? ""), summary)
            }
            + signature.options.map { option in
                var summary = option.summary
                if case .integer(let range) = option.kind { summary += " [\(OptionLimits.describe(range))]" }
                if option.isRepeatable { summary += " (may be given more than once)" }
                let value = option.placeholder.map { " " + $0 } ?? ""
                return (option.name + value + (option.aliases.isEmpty ? "" : " (or \(option.aliases.joined(separator: ", ")))"), summary)
            }
        let width = entries.map { TerminalText.width(of: $0.0) }.max() ?? 0
        for (name, summary) in entries {
            lines.append("  " + TerminalText.padding(name, toWidth: width + 2) + summary)
        }
        return lines.joined(separator: "\n")
    }

    /// `help NAME`: the help of the command (of the cluster or of the executable), else of the
    /// function, else of the keyword of the language that `name` names, and `help .NAME` of the
    /// attribute of nodes or other values; `nil` for none of them. A command that shares its name
    /// with a builtin (`info`, `masters`, `join`, redis-cli's `call`) shows both, since a statement
    /// runs the command and a call (`info(…)`) the builtin.
    static func topic(_ name: String) -> String? {
        if name.hasPrefix(".") { return attribute(String(name.dropFirst())) }
        if let signature = CommandCatalog.command(named: name) {
            guard let builtin = Builtin(named: name) else { return command(signature) }
            return command(signature) + "\n\n" + "In call form, `\(name)(…)` is the builtin, not the command:\n\n"
                + self.builtin(builtin)
        }
        if let tool = ToolCommand.named(name) { return "redis-trib \(tool.usage)\n\n\(tool.summary)" }
        if let builtin = Builtin(named: name) { return self.builtin(builtin) }
        return Keyword(rawValue: name).map { "\($0.usage)\n\n\($0.summary)" }
    }

    /// `help .NAME`: the node attribute and the attribute of other values called `name`, from
    /// their declarations; `nil` when neither exists.
    static func attribute(_ name: String) -> String? {
        var sections: [String] = []
        if let attribute = NodeAttribute(rawValue: name) {
            sections.append("$node.\(attribute.rawValue)\n\n\(attribute.summary)")
        }
        if let attribute = ValueAttribute(rawValue: name) {
            sections.append("$x.\(attribute.rawValue), of \(attribute.holderNames)\n\n\(attribute.summary)")
        }
        return sections.isEmpty ? nil : sections.joined(separator: "\n\n")
    }

    /// The names of every attribute, of nodes then of other values, each once.
    private static let attributeNames: [String] = {
        let nodes = NodeAttribute.allCases.map(\.rawValue)
        return nodes + ValueAttribute.allCases.map(\.rawValue).filter { !nodes.contains($0) }
    }()

    /// Every name `help NAME` answers, in the order completion offers them: commands (with their
    /// aliases), the executable's own commands, functions, keywords, then `.ATTRIBUTE`s.
    static let topicNames: [String] =
        CommandCatalog.allNames + ToolCommand.all.map(\.name) + Builtin.allNames.filter { CommandCatalog.command(named: $0) == nil }
        + Keyword.allCases.map(\.rawValue) + attributeNames.map { "." + $0 }

    /// What `help NAME` says of a name it has no help for, with the closest name it has.
    static func unknownTopic(_ name: String) -> String {
        if name.hasPrefix(".") {
            let attribute = String(name.dropFirst())
            return "no value has an attribute '\(attribute)'" + didYouMean(attribute, among: attributeNames)
        }
        return "no command, function or keyword '\(name)'" + didYouMean(name, among: topicNames.filter { !$0.hasPrefix(".") })
    }

    /// Help for a function of the language, from its declaration.
    static func builtin(_ builtin: Builtin) -> String {
        var lines = [builtin.usages[0], "", builtin.summary]
        if !builtin.parameters.isEmpty {
            lines.append("Arguments: \(builtin.argumentTypes).")
        }
        if builtin.names.count > 1 {
            lines.append("Also: \(builtin.usages.dropFirst().joined(separator: ", ")).")
        }
        return lines.joined(separator: "\n")
    }

    /// `; did you mean 'NAME'?` for the name in `names` (by default the commands') closest to a
    /// mistyped `name`, or nothing.
    static func didYouMean(_ name: String, among names: [String] = CommandCatalog.allNames) -> String {
        Suggestion.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
    }
}
