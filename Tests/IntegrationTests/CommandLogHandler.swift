import Logging
import NIOCore
import RESP

/// A log handler for ``ConnectionOptions/logger`` that hands each command a connection logs to a
/// closure. A connection logs a command on the path that sends it, before the write: the closure sees
/// every command an operation sends, in order, and may act before the node gets it.
struct CommandLogHandler: LogHandler {
    /// A command as logged.
    struct Command: Sendable {
        /// The node it went to, as `HOST:PORT`.
        var node: String
        /// Its arguments as the log shows them (``RedisCommand/description`` split at spaces: no
        /// argument these tests send has one), passwords hidden, an argument that is not plain text quoted.
        var words: [String]

        /// The first word, upper-cased: the command's name.
        var name: String { words.first?.uppercased() ?? "" }

        /// The second word, upper-cased (a subcommand such as `MIGRATESLOTS`); empty when there is none.
        var subcommand: String { words.count > 1 ? words[1].uppercased() : "" }
    }

    let onCommand: @Sendable (Command) -> Void
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A logger at trace level that hands each command logged to `onCommand`.
    static func logger(onCommand: @escaping @Sendable (Command) -> Void) -> Logger {
        Logger(label: "test") { _ in CommandLogHandler(onCommand: onCommand) }
    }

    /// The word that stands for `argument` in ``Command/words``.
    static func word(_ argument: ByteBuffer) -> String {
        RedisCommand(arguments: [argument]).description
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard let node = event.metadata?[ConnectionOptions.nodeMetadataKey] ?? metadata[ConnectionOptions.nodeMetadataKey] else { return }
        onCommand(Command(node: "\(node)", words: "\(event.message)".split(separator: " ").map(String.init)))
    }
}
