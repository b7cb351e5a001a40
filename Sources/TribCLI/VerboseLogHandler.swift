import Logging
import RESP
import TribLanguage
import TribShell

/// What `-v` shows: the library's log records on standard error, a command sent to a node as
/// `[HOST:PORT] COMMAND` (passwords already hidden by the library), anything else as `redis-trib: TEXT`.
struct VerboseLogHandler: LogHandler {
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A logger for ``ConnectionOptions/logger`` that prints through this handler.
    static func logger() -> Logger {
        Logger(label: "redis-trib") { _ in VerboseLogHandler() }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = TerminalText.escapingControls("\(event.message)")
        if let node = event.metadata?[ConnectionOptions.nodeMetadataKey] ?? metadata[ConnectionOptions.nodeMetadataKey] {
            ConsoleStream.error.writeLine("[\(node)] " + text)
        } else {
            ConsoleStream.error.writeLine("redis-trib: " + text)
        }
    }
}
