import NIOCore
import RESP

/// The commands a dry run sends without asking the server: forms that only read, although the
/// server does not flag them `readonly` (`CONFIG GET` is flagged `admin`, `CLUSTER NODES` and
/// `INFO` carry no `readonly` flag), and what the operations read on every run.
enum ReadOnlyCommands {
    /// Commands that only read, whatever their arguments.
    static let commands: Set<String> = [
        "PING", "ECHO", "INFO", "DBSIZE", "TIME", "LASTSAVE", "ROLE", "COMMAND", "OBJECT", "XINFO",
        // Sets a flag on this connection for its next command only; the operations send it before
        // reading a key of an importing slot.
        "ASKING",
        // Chooses the database this connection reads; the operations count keys in every database.
        "SELECT",
        // Let this connection read a replica's keys (`big_keys` on a replica), and stop doing so.
        "READONLY", "READWRITE",
    ]

    /// Subcommands of container commands that only read, by container.
    static let subcommands: [String: Set<String>] = [
        "CLUSTER": [
            "INFO", "NODES", "SHARDS", "SLOTS", "MYID", "MYSHARDID", "COUNTKEYSINSLOT", "GETKEYSINSLOT",
            "KEYSLOT", "COUNT-FAILURE-REPORTS", "LINKS", "GETSLOTMIGRATIONS", "SLOT-STATS", "HELP",
        ],
        "CONFIG": ["GET", "HELP"],
        "CLIENT": ["LIST", "INFO", "GETNAME", "ID", "GETREDIR", "TRACKINGINFO", "HELP"],
        "MEMORY": ["USAGE", "STATS", "DOCTOR", "MALLOC-STATS", "HELP"],
        "SLOWLOG": ["GET", "LEN", "HELP"],
        "LATENCY": ["LATEST", "HISTORY", "DOCTOR", "GRAPH", "HISTOGRAM", "HELP"],
        "ACL": ["WHOAMI", "LIST", "GETUSER", "USERS", "CAT", "DRYRUN", "GENPASS", "HELP"],
        "FUNCTION": ["LIST", "DUMP", "STATS", "HELP"],
        "SCRIPT": ["EXISTS", "HELP"],
        "PUBSUB": ["CHANNELS", "NUMSUB", "NUMPAT", "SHARDCHANNELS", "SHARDNUMSUB", "HELP"],
        "MODULE": ["LIST", "HELP"],
    ]

    /// Flags that make a command a change, even when it is flagged `readonly` as well.
    static let changingFlags: Set<String> = ["write", "admin", "may_replicate", "pubsub", "denyoom"]

    /// Whether `command` is one of the forms known to only read.
    static func contains(_ command: RedisCommand) -> Bool {
        let name = command.name
        if commands.contains(name) { return true }
        guard let forms = subcommands[name], let sub = command.subcommand else { return false }
        if name == "ACL", sub == "LOG" {
            // `ACL LOG [count]` reads; `ACL LOG RESET` clears the log.
            return command.arguments.count < 3 || command.argument(2).uppercased() != "RESET"
        }
        return forms.contains(sub)
    }
}

extension RedisCommand {
    /// The second word in upper case (`NODES` of `CLUSTER NODES`), or `nil`.
    var subcommand: String? {
        arguments.count > 1 ? argument(1).uppercased() : nil
    }

    /// The argument at `index` as text.
    func argument(_ index: Int) -> String {
        String(decoding: arguments[index].readableBytesView, as: UTF8.self)
    }
}
