import Foundation
import RedisTrib
import TribCommands

/// A shell's completion script for redis-trib (`redis-trib completion bash|zsh|fish`), generated
/// from the declarations the command line itself runs by: the commands of the cluster
/// (``CommandCatalog``: names, aliases, options, the kind of their first argument), the
/// executable's own (``ToolCommand``) and the global options (``GlobalOption``).
struct CompletionScript: Sendable {
    /// The shells a script is made for.
    enum Shell: String, Sendable, CaseIterable {
        case bash, zsh, fish
    }

    /// What completes an argument.
    enum ArgumentKind: Sendable, Equatable {
        /// Nothing to offer (an address, a number, slots).
        case nothing
        /// The name of a command (for `help`).
        case command
        /// A file name.
        case file
        /// One of these words.
        case choice([String])
    }

    /// An option as completion needs it.
    struct Option: Sendable, Equatable {
        /// The spellings help shows (`-a`, `--pass`), which completion offers.
        var names: [String]
        /// Spellings accepted but not offered (`--password`).
        var hiddenNames: [String] = []
        /// Whether the next word is its value, so that it is not taken for the command.
        var takesValue: Bool
        /// One line of help.
        var summary: String
    }

    /// A command as completion needs it.
    struct Command: Sendable, Equatable {
        /// Its name and aliases.
        var names: [String]
        /// One line of help.
        var summary: String
        /// Its own options (the global ones apply too).
        var options: [Option]
        /// What completes its first argument.
        var firstArgument: ArgumentKind
    }

    /// The options every command takes.
    var globalOptions: [Option]
    /// Every command, the executable's own first.
    var commands: [Command]

    /// The script for redis-trib, from its tables.
    init() {
        globalOptions = GlobalOption.all.map { option in
            Option(names: option.names, hiddenNames: option.hiddenNames, takesValue: option.placeholder != nil, summary: option.summary)
        }
        commands =
            ToolCommand.all.map { Command(names: [$0.name], summary: $0.summary, options: [], firstArgument: $0.firstArgument) }
            + CommandCatalog.commands.map { signature in
                Command(
                    names: signature.names,
                    summary: signature.summary,
                    options: signature.options.map { Option(names: $0.names, takesValue: $0.kind != .flag, summary: $0.summary) }
                        + signature.parameters.compactMap { parameter in
                            parameter.optionName.map { Option(names: [$0], takesValue: true, summary: parameter.summary) }
                        },
                    firstArgument: signature.parameters.first.map { parameter in
                        if case .choice(let words) = parameter.kind { return .choice(words) }
                        return .nothing
                    } ?? .nothing
                )
            }
    }

    /// Every name and alias of every command.
    var commandNames: [String] {
        commands.flatMap(\.names)
    }

    /// Every spelling, hidden ones included, of the global options that take a value: the word
    /// after one is its value, not the command.
    var globalValueOptions: [String] {
        globalOptions.filter(\.takesValue).flatMap { $0.names + $0.hiddenNames }
    }

    /// The script for `shell`.
    func text(for shell: Shell) -> String {
        switch shell {
        case .bash: bash
        case .zsh: zsh
        case .fish: fish
        }
    }

    /// The arms of the `case "$command" in` that bash and zsh share, one per command, each spelled
    /// for the shell: `pattern` of its names joined by `|`, `optionLines` setting `options`, then
    /// `arguments=` (a list spelled by `list`, or `allCommands`) or `files=1` for what its first
    /// argument offers.
    func caseArms(
        pattern: (String) -> String,
        optionLines: (Command) -> [String],
        list: ([String]) -> String,
        allCommands: String
    ) -> [String] {
        commands.flatMap { command in
            var lines = ["    " + pattern(command.names.joined(separator: "|"))] + optionLines(command)
            switch command.firstArgument {
            case .nothing:
                break
            case .command:
                lines.append("        arguments=" + allCommands)
            case .choice(let words):
                lines.append("        arguments=" + list(words))
            case .file:
                lines.append("        files=1")
            }
            return lines + ["        ;;"]
        }
    }

    /// `text` in single quotes for a POSIX shell (bash, zsh): a quote inside becomes `'\''`.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
