import Foundation
import RedisTrib
import TribCommands
import TribLanguage
import TribRuntime

/// Help, generated from the command table.
enum HelpText {
    static func overview(shell: Bool = false) -> String {
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
            lines += [
                "USAGE: redis-trib [OPTIONS] COMMAND ARGUMENTS…",
                "       redis-trib [OPTIONS] run FILE [ARG…]     (or an executable file starting #!/usr/bin/env redis-trib)",
                "       redis-trib [OPTIONS] shell [NODE]        (also: redis-trib alone on a terminal)",
                "       redis-trib [OPTIONS] -c 'STATEMENTS'     (statements on standard input work too)",
                "",
            ]
        }
        lines.append("COMMANDS:")
        let width = CommandCatalog.commands.map(\.name.count).max() ?? 0
        for command in CommandCatalog.commands {
            let aliases = command.aliases.isEmpty ? "" : " (alias: \(command.aliases.joined(separator: ", ")))"
            lines.append("  " + command.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary + aliases)
        }
        if shell {
            lines.append("")
            lines.append("FUNCTIONS:")
            let usages = Builtin.allCases.map { $0.usages.joined(separator: ", ") }
            let usageWidth = usages.map(\.count).max() ?? 0
            for (usage, builtin) in zip(usages, Builtin.allCases) {
                lines.append("  " + usage.padding(toLength: usageWidth + 2, withPad: " ", startingAt: 0) + builtin.summary)
            }
        }
        lines.append("")
        lines.append("OPTIONS:")
        let optionWidth = GlobalOption.all.map(\.usage.count).max() ?? 0
        for option in GlobalOption.all {
            lines.append("  " + option.usage.padding(toLength: optionWidth + 2, withPad: " ", startingAt: 0) + option.summary)
        }
        lines.append("")
        lines.append("Addresses are HOST:PORT, IPv6 as [::1]:7000. Slots are 5 or ranges 4-7.")
        lines.append("Exit status: 0 success, 1 the operation failed, 2 bad usage.")
        return lines.joined(separator: "\n")
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
        let entries = signature.parameters.map { parameter in
            var summary = parameter.summary
            if case .integer(let range) = parameter.kind { summary += " [\(OptionLimits.describe(range))]" }
            return (parameter.name + (parameter.optionName.map { " (or \($0) \(parameter.name))" } ?? ""), summary)
        } + signature.options.map { option in
            var summary = option.summary
            if case .integer(let range) = option.kind { summary += " [\(OptionLimits.describe(range))]" }
            return (option.name + (option.placeholder.map { " " + $0 } ?? ""), summary)
        }
        let width = entries.map(\.0.count).max() ?? 0
        for (name, summary) in entries {
            lines.append("  " + name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + summary)
        }
        return lines.joined(separator: "\n")
    }

    /// `help NAME`: the help of the command, else of the function, else of the keyword of the
    /// language that `name` names, and `help .NAME` of a node attribute; `nil` for none of them.
    static func topic(_ name: String) -> String? {
        if name.hasPrefix("."), let attribute = NodeAttribute(rawValue: String(name.dropFirst())) {
            return "$node.\(attribute.rawValue)\n\n\(attribute.summary)"
        }
        if let signature = CommandCatalog.command(named: name) { return command(signature) }
        if let builtin = Builtin(named: name) { return self.builtin(builtin) }
        return Keyword(rawValue: name).map { "\($0.usage)\n\n\($0.summary)" }
    }

    /// What `help NAME` says of a name it has no help for, with the closest name it has.
    static func unknownTopic(_ name: String) -> String {
        if name.hasPrefix(".") {
            let attribute = String(name.dropFirst())
            return "nodes have no attribute '\(attribute)'" + didYouMean(attribute, among: NodeAttribute.allCases.map(\.rawValue))
        }
        return "no command, function or keyword '\(name)'"
            + didYouMean(name, among: CommandCatalog.allNames + Builtin.allNames + Keyword.allCases.map(\.rawValue))
    }

    /// Help for a function of the language, from its declaration.
    static func builtin(_ builtin: Builtin) -> String {
        var lines = [builtin.usages[0], "", builtin.summary]
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
