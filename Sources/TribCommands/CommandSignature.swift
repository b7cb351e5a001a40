import RESP
import RedisTrib

/// One redis-trib command as data: its names, what it takes, and what it runs.
///
/// The table of these (``CommandCatalog``) drives the command line, the shell, `help`,
/// completion and argument checking, so they cannot disagree.
public struct CommandSignature: Sendable {
    /// A positional argument.
    public struct Parameter: Sendable {
        /// The kinds of positional arguments.
        public enum Kind: Sendable, Hashable {
            /// One node: `HOST:PORT`, or a node id or a unique prefix of one (at least 8 hex digits).
            case address
            /// One or more nodes, each `HOST:PORT` or an id or prefix.
            case addresses
            /// One node by its id or a unique prefix of it, never by address: a node that may be down,
            /// which the command matches itself (the word is checked, not looked up).
            case nodeID
            /// One or more slots or ranges (`5`, `4-7`), collected into a slot set.
            case slots
            /// The rest of the line, word for word (a command to run).
            case words
            /// One word from a fixed list (`start`, `status`, `stop`).
            case choice([String])
            /// One whole number within the given range.
            case integer(ClosedRange<Int>)
            /// One word, taken as it is (a folder).
            case text
        }

        /// The name shown in usage: `NODE`, `SLOT…`.
        public let name: String
        /// What kind of value it takes.
        public let kind: Kind
        /// One line of help.
        public let summary: String
        /// An option that may give it instead (`--src-addr` for `migrate`), as the Python console did.
        public let optionName: String?
        /// Whether it may be left out (only at the end).
        public let isOptional: Bool
        /// Whether it is "any node of the cluster", which the language fills in with the default
        /// cluster (`connect`) when a script leaves it out.
        public let isAnyClusterNode: Bool

        /// Declares the parameter `key` with its help for one command.
        public init<Value>(
            _ key: ParameterKey<Value>,
            _ summary: String,
            optionName: String? = nil,
            optional: Bool = false,
            anyClusterNode: Bool = false
        ) {
            self.name = key.name
            self.kind = key.kind
            self.summary = summary
            self.optionName = optionName
            self.isOptional = optional
            self.isAnyClusterNode = anyClusterNode
        }

        /// Whether it names nodes by address or id, so that an id given for it is looked up in the cluster.
        public var namesNode: Bool {
            kind == .address || kind == .addresses
        }

        /// Whether it takes more than one word.
        public var isVariadic: Bool {
            switch kind {
            case .addresses, .slots, .words: return true
            case .address, .nodeID, .choice, .integer, .text: return false
            }
        }

        /// How usage shows it: `SRC`, `SLOT…`, `[NODE]`.
        var usage: String {
            let text = isVariadic ? "\(name)…" : name
            return isOptional ? "[\(text)]" : text
        }
    }

    /// One spelling of a named option, as help, completion and the parser see it; made by a
    /// ``CommandOption``, which also gives the type its value is read as.
    public struct Option: Sendable {
        /// The kinds of option values.
        public enum Kind: Sendable, Hashable {
            /// Present or not.
            case flag
            /// A whole number within the given range.
            case integer(ClosedRange<Int>)
            /// Any text (a path).
            case text
            /// Any text, once or more: the values in the order given.
            case texts
        }

        /// How its words become its value.
        enum Reading: Sendable {
            /// A flag, standing for this value (`true`, or the choice it spells: `--atomic`).
            case flag(any Sendable)
            /// A whole number within the range.
            case integer(ClosedRange<Int>)
            /// Any text.
            case text
            /// Any text, each time the option is given (`--weight A=2 --weight B=0`).
            case texts
            /// One word of a list, standing for the value beside it (`--transfer dump`).
            case choice([(word: String, value: any Sendable)])
        }

        /// The name, with its dashes: `--max-slots`.
        public let name: String
        /// Other spellings of it, redis-cli's among them: `--cluster-replicas` for `--replicas`.
        public let aliases: [String]
        /// The name its value is kept under: its own, or the first spelling of its choice, so that
        /// `--atomic` and `--no-atomic` are one option that is given once.
        let key: String
        /// How its words become its value.
        let reading: Reading
        /// The placeholder shown in usage: `N`.
        public let placeholder: String?
        /// One line of help.
        public let summary: String
        /// Sets its value on operation options; `nil` when the command reads it itself (``OptionTarget``).
        let apply: (@Sendable (inout OperationOptions, any Sendable) -> Void)?

        init(
            name: String,
            aliases: [String],
            key: String,
            reading: Reading,
            placeholder: String?,
            summary: String,
            apply: (@Sendable (inout OperationOptions, any Sendable) -> Void)?
        ) {
            self.name = name
            self.aliases = aliases
            self.key = key
            self.reading = reading
            self.placeholder = placeholder
            self.summary = summary
            self.apply = apply
        }

        /// What kind of value it takes.
        public var kind: Kind {
            switch reading {
            case .flag: .flag
            case .integer(let range): .integer(range)
            case .text, .choice: .text
            case .texts: .texts
            }
        }

        /// Every spelling: the name, then its aliases.
        public var names: [String] { [name] + aliases }

        /// Whether it may be given more than once, each value kept.
        public var isRepeatable: Bool { kind == .texts }

        /// How usage shows it: `[--replace]`, `[--max-slots N]`, `[--weight NODE=W]…`.
        var usage: String {
            "[\(name)\(placeholder.map { " " + $0 } ?? "")]\(isRepeatable ? "…" : "")"
        }
    }

    /// The command's name: `migrate_slots`.
    public var name: String
    /// Other names it answers to: `migrate`.
    public var aliases: [String]
    /// The name of the `redis-cli --cluster` command that does its job (`add-node`), when that is
    /// not its own name; it answers to it too, so scripts written for redis-cli translate word for word.
    public var redisCLIName: String?
    /// The job `help` lists it under.
    public var group: CommandGroup
    /// One line of help.
    public var summary: String
    /// Positional arguments, in order.
    public var parameters: [Parameter]
    /// Named options.
    public var options: [Option]
    /// Whether it changes the cluster, as `help COMMAND` says. (A dry run holds back every change
    /// whatever this says: it decides by each command sent, not by this flag.)
    public var changesCluster: Bool
    /// Runs it, once every node id among its arguments is looked up
    /// (``CommandArguments/resolvingNodeIDs(with:)``).
    public var run: @Sendable (ClusterOperator, CommandArguments) async throws(TribError) -> CommandOutput

    /// Makes a signature.
    public init(
        name: String,
        aliases: [String] = [],
        redisCLIName: String? = nil,
        group: CommandGroup,
        summary: String,
        parameters: [Parameter],
        options: [any CommandOptionDeclaration] = [],
        changesCluster: Bool,
        run: @escaping @Sendable (ClusterOperator, CommandArguments) async throws(TribError) -> CommandOutput
    ) {
        self.name = name
        self.aliases = aliases
        self.redisCLIName = redisCLIName
        self.group = group
        self.summary = summary
        self.parameters = parameters
        self.options = options.flatMap(\.declarations)
        self.changesCluster = changesCluster
        // Node ids among the arguments become the nodes they name before the command sees them.
        self.run = { trib, arguments throws(TribError) in
            try await run(trib, try await arguments.resolvingNodeIDs(with: trib))
        }
    }

    /// `migrate_slots SRC DST SLOT… [--replace] [--force]`.
    public var usage: String {
        ([name] + parameters.map(\.usage) + options.map(\.usage)).joined(separator: " ")
    }

    /// Every name it answers to: its own, its aliases, and redis-cli's.
    public var names: [String] { [name] + aliases + (redisCLIName.map { [$0] } ?? []) }
}
