/// A command of the shell itself, not of the language (`help`, `exit`, `quit`), declared once: the
/// handler dispatches by this table, the shell's `help` lists it, and completion offers it.
///
/// A line is a meta-command when its first word is the name and it has no more words after it than
/// the meta-command takes; any other line is a statement of the language. So `quit` alone leaves
/// the shell, while `quit 127.0.0.1:7000` is the cluster command `quit`.
public struct ShellMetaCommand: Sendable, Equatable {
    /// What the shell does for it.
    public enum Action: Sendable, Equatable {
        /// Shows help: the overview, or the help of the one name given.
        case showHelp
        /// Ends the shell.
        case leave
    }

    /// What an argument names, so that completion knows what to offer.
    public enum Argument: Sendable, Equatable {
        /// A command or a function of the language.
        case topic
    }

    /// The word that invokes it.
    public var name: String
    /// The arguments it may take, in order; each may be left out.
    public var arguments: [Argument]
    /// One line of help.
    public var summary: String
    /// What the shell does.
    public var action: Action

    /// How help shows it: `help [NAME]`.
    public var usage: String {
        ([name]
            + arguments.map { argument in
                switch argument {
                case .topic: "[NAME]"
                }
            }).joined(separator: " ")
    }

    /// Every meta-command, in the order help lists them.
    public static let all: [ShellMetaCommand] = [
        ShellMetaCommand(
            name: "help", arguments: [.topic], summary: "this overview, or the help of one command, function, keyword or .attribute", action: .showHelp),
        ShellMetaCommand(name: "exit", arguments: [], summary: "leave the shell (as Ctrl-D does)", action: .leave),
        ShellMetaCommand(name: "quit", arguments: [], summary: "leave the shell; `quit NODE` is the cluster command", action: .leave),
    ]

    /// The meta-command that `line` invokes and the words given to it, or `nil` when the line is a
    /// statement of the language.
    public static func invoked(by line: String) -> (command: ShellMetaCommand, arguments: [String])? {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first, let command = all.first(where: { $0.name == first }),
            words.count - 1 <= command.arguments.count
        else { return nil }
        return (command, Array(words.dropFirst()))
    }
}
