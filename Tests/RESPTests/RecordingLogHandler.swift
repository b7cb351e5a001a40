import Logging
import Synchronization

/// A log handler that keeps every record it is given, for tests to read back.
struct RecordingLogHandler: LogHandler {
    /// One record: its level, its message, and the metadata given with it.
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    /// The records, shared by every copy of the handler (a `Logger` copies its handler).
    final class Store: Sendable {
        private let records = Mutex<[Record]>([])

        /// Everything logged so far, in order.
        var all: [Record] { records.withLock { $0 } }

        func append(_ record: Record) {
            records.withLock { $0.append(record) }
        }
    }

    let store: Store
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A logger at trace level whose records go to `store`.
    static func logger(into store: Store) -> Logger {
        Logger(label: "test") { _ in RecordingLogHandler(store: store) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(Record(level: event.level, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }
}
