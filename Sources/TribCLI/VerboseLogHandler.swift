import Logging
import RESP
import TribLanguage
import TribShell

/// What `-v` shows: the library's log records on standard error, a command sent to a node as
/// `[HOST:PORT] COMMAND` (passwords already hidden by the library), anything else as
/// `redis-trib: TEXT`, or as JSON with `--json` (``OutputRenderer/formatted(trace:node:)``).
struct VerboseLogHandler: LogHandler {
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// How the lines are printed.
    let output: OutputRenderer

    /// A logger for ``ConnectionOptions/logger`` that prints through this handler.
    static func logger(output: OutputRenderer) -> Logger {
        Logger(label: "redis-trib") { _ in VerboseLogHandler(output: output) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let node = event.metadata?[ConnectionOptions.nodeMetadataKey] ?? metadata[ConnectionOptions.nodeMetadataKey]
        output.render(trace: "\(event.message)", node: node.map { "\($0)" })
    }
}
